package io.github.zohooauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ThreadLocalRandom;

/** The JDBC store with 100,000 users against 100: a load is an index lookup, so it should not care. */
final class JdbcScaleMeasure {
  private static final int LOOKUPS = 5_000;

  private JdbcScaleMeasure() {}

  static void run(Report report, String jdbcUrl) throws Exception {
    report.section("JDBC store at scale.", "Average `load` of 5,000 random users (a primary-key lookup through "
        + "the pool), and `getAccessToken` on a cached valid token, with 100 and with 100,000 users in the MariaDB "
        + "table. Goal: no slower at 100,000 users.");
    report.table("users in the table", "store load (µs)", "getAccessToken, cached (µs)", "load vs getAccessToken");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (int users : new int[] {100, 100_000}) {
        String table = "oauthtokens_scale_" + System.nanoTime();
        JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
        fill(pool, table, users);
        try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId("1000.BENCH").clientSecret("bench")
            .accountsUrl("http://127.0.0.1:9").tokenStore(store).tokenCacheSize(users).build()) {
          long load = average(() -> store.load(randomUser(users)).orElseThrow());
          long cached = average(() -> client.getAccessToken("user0@example.com"));
          report.row(String.format("%,d", users), String.format("%.1f", load / 1_000.0),
              String.format("%.3f", cached / 1_000.0), Report.ratio((double) load / Math.max(1, cached)));
        }
        try (Connection connection = pool.getConnection()) {
          connection.createStatement().execute("DROP TABLE " + table);
        }
      }
    }
  }

  private static void fill(HikariDataSource pool, String table, int users) throws Exception {
    long expiry = System.currentTimeMillis() + 86_400_000L;
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (useridentifier, "
            + "accesstoken, refreshtoken, expirytime, api_domain) VALUES (?, ?, ?, ?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < users; i++) {
        insert.setString(1, "user" + i + "@example.com");
        insert.setString(2, "1000.access." + i);
        insert.setString(3, "1000.refresh." + i);
        insert.setLong(4, expiry);
        insert.setString(5, "https://www.zohoapis.com");
        insert.addBatch();
        if (i % 5_000 == 4_999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      connection.commit();
      connection.setAutoCommit(true);
    }
  }

  private static String randomUser(int users) {
    return "user" + ThreadLocalRandom.current().nextInt(users) + "@example.com";
  }

  private static long average(Runnable call) {
    for (int i = 0; i < 500; i++) {
      call.run(); // warm-up
    }
    long started = System.nanoTime();
    for (int i = 0; i < LOOKUPS; i++) {
      call.run();
    }
    return (System.nanoTime() - started) / LOOKUPS;
  }
}
