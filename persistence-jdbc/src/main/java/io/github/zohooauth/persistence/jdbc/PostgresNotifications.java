package io.github.zohooauth.persistence.jdbc;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * PostgreSQL's {@code LISTEN} for the users whose refreshed tokens another instance stored: one connection, held by
 * one daemon thread that waits for notifications half a second at a time and hands each user to the listener.
 *
 * <p>The driver's notification API is reached by reflection: the driver is a runtime dependency, found through
 * {@code java.sql.Driver}'s service loader, and stays one. A lost connection is opened again with growing pauses
 * (0.5 s up to 30 s); what it missed meanwhile the waiters' polls find.
 */
final class PostgresNotifications implements AutoCloseable, Runnable {
  private static final System.Logger LOG = System.getLogger(PostgresNotifications.class.getName());
  private static final int WAIT_MILLIS = 500;
  private static final long MAX_PAUSE_MILLIS = 30_000;

  private final DataSource dataSource;
  private final String channel;
  private final Consumer<String> listener;
  private final Thread thread;
  private volatile boolean closed;

  PostgresNotifications(DataSource dataSource, String channel, Consumer<String> listener) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.listener = listener;
    this.thread = new Thread(this, "zoho-oauth-jdbc-listen");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    long pause = WAIT_MILLIS;
    while (!closed) {
      try (Connection listening = dataSource.getConnection()) {
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN \"" + channel + "\"");
        }
        Class<?> api = Class.forName("org.postgresql.PGConnection", false, listening.getClass().getClassLoader());
        Object postgres = listening.unwrap(api);
        Method notifications = api.getMethod("getNotifications", int.class);
        Method parameter = Class.forName("org.postgresql.PGNotification", false, api.getClassLoader())
            .getMethod("getParameter");
        pause = WAIT_MILLIS;
        while (!closed) {
          Object[] received = (Object[]) notifications.invoke(postgres, WAIT_MILLIS);
          for (Object notification : received == null ? new Object[0] : received) {
            listener.accept((String) parameter.invoke(notification));
          }
        }
      } catch (Exception e) {
        if (closed) {
          return;
        }
        LOG.log(Level.DEBUG, "listening for refreshes stored by other instances failed; trying again in {0} ms "
            + "(waiters poll meanwhile): {1}", pause, e.toString());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          return;
        }
        pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
      }
    }
  }

  /**
   * Stops listening without waiting: the thread sees the flag when its current wait ends (at most half a second) and
   * closes its connection itself. Closing the connection from here would block on the driver's lock, which the
   * waiting thread holds, and so delay the client's close by up to that wait.
   */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
