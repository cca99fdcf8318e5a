package io.github.zohooauth.persistence.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A MariaDB server of the test's own, started from the binaries installed on the machine ({@code mariadbd},
 * {@code mariadb-install-db}) in a temporary folder on a free port: for machines where nothing answers on 3306, and
 * for tests that stop and start the database.
 */
public final class ThrowawayMariaDb implements AutoCloseable {
  private final Path home;
  private final int port;
  private Process server;

  private ThrowawayMariaDb(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  /** Installs a data folder and starts the server; fails saying what is missing. */
  static ThrowawayMariaDb start() throws IOException, InterruptedException {
    String mariadbd = find("mariadbd", "mysqld");
    String installDb = find("mariadb-install-db", "mysql_install_db");
    Path home = Files.createTempDirectory("zoho-oauth-mariadb");
    List<String> install = new ArrayList<>(List.of(installDb, "--no-defaults", "--datadir=" + home.resolve("data"),
        "--auth-root-authentication-method=normal", "--skip-test-db"));
    if (isRoot()) {
      install.add("--user=root");
    }
    Process installing = new ProcessBuilder(install).redirectErrorStream(true)
        .redirectOutput(home.resolve("install.log").toFile()).start();
    if (installing.waitFor() != 0) {
      throw new IllegalStateException("mariadb-install-db failed; see " + home.resolve("install.log"));
    }
    ThrowawayMariaDb database = new ThrowawayMariaDb(home, freePort());
    database.startServer(mariadbd);
    try (Connection connection = DriverManager.getConnection(database.url("mysql"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS test");
    } catch (SQLException e) {
      database.close();
      throw new IllegalStateException("the throwaway MariaDB started but does not answer: " + e.getMessage(), e);
    }
    return database;
  }

  /** A JDBC URL for {@code database} as root with no password. */
  String url(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?user=root&password=&connectTimeout=3000";
  }

  int port() {
    return port;
  }

  /** Stops the server the way an operator would (SIGTERM), and waits for it. */
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor();
      server = null;
    }
  }

  /** Starts the server again on the same data and port. */
  void restart() throws IOException, InterruptedException {
    startServer(find("mariadbd", "mysqld"));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void startServer(String mariadbd) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(mariadbd, "--no-defaults", "--datadir=" + home.resolve("data"),
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + home.resolve("mysqld.sock"),
        "--pid-file=" + home.resolve("mysqld.pid"), "--skip-grant-tables", "--innodb-buffer-pool-size=32M",
        "--log-error=" + home.resolve("error.log")));
    if (isRoot()) {
      command.add("--user=root");
    }
    server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!accepts(port)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the throwaway MariaDB did not start; see " + home.resolve("error.log"));
      }
      Thread.sleep(100);
    }
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String find(String... names) {
    for (String name : names) {
      for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"}) {
        if (Files.isExecutable(Paths.get(dir, name))) {
          return Paths.get(dir, name).toString();
        }
      }
    }
    throw new IllegalStateException("No MariaDB server answers on 127.0.0.1:3306 and no MariaDB binaries ("
        + String.join(", ", names) + ") are installed to start a throwaway one. Install mariadb-server, start a "
        + "MySQL-compatible server on 3306, or point the tests at one with ZOHO_TEST_MARIADB_URL="
        + "jdbc:mysql://host:port/db?user=...&password=...");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
