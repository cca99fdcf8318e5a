package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the instances that did not get the lease wait beyond Zoho's answer: 4 JVMs x 16 threads on one expired
 * user, the fake at 300 ms, on one PostgreSQL table, told by NOTIFY against the same store polling only. The figure
 * is the time from the release of all 64 calls to the last answer, less Zoho's 300 ms; median of 3 rounds each.
 */
final class WaiterLatencyMeasure {
  private static final String USER = "shared@example.com";
  private static final int ROUNDS = 5;

  private WaiterLatencyMeasure() {}

  static void run(Report report, String postgresUrl) throws Exception {
    report.section("Waiters told at once.", "4 JVMs x 16 threads call `getAccessToken` on one expired user at once, "
        + "sharing one PostgreSQL table; the fake answers in 300 ms. The instances that do not get the lease wait for "
        + "the holder's token: told by the store's NOTIFY, against the same store polling only (20 ms, doubling to "
        + "250 ms). Figures: the slowest of the 64 calls beyond Zoho's 300 ms, and how far the last instance finished behind the "
        + "first (the lease holder's), medians of " + ROUNDS + " alternated rounds after a warm-up round; each JVM "
        + "warms up on users of its own first. "
        + "Goal: at most 100 ms.");
    report.table("waiters learn by", "slowest call beyond Zoho (ms)", "waiting instances behind the holder's (ms)",
        "behind the holder, vs polling");
    round(postgresUrl, "jdbc"); // warm-up: the first JVMs and the database's first table are slower
    List<long[]> notifiedRounds = new ArrayList<>();
    List<long[]> pollingRounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) { // alternated, so that drift on the machine hits both alike
      notifiedRounds.add(round(postgresUrl, "jdbc"));
      pollingRounds.add(round(postgresUrl, "polling"));
    }
    long notifiedBehind = median(notifiedRounds, 1);
    long pollingBehind = median(pollingRounds, 1);
    report.row("NOTIFY (the JDBC store on PostgreSQL)", median(notifiedRounds, 0), notifiedBehind,
        String.format("%.2fx", (double) notifiedBehind / pollingBehind));
    report.row("polling only (baseline)", median(pollingRounds, 0), pollingBehind, "1.00x");
  }

  private static long median(List<long[]> rounds, int figure) {
    List<Long> sorted = new ArrayList<>();
    rounds.forEach(round -> sorted.add(round[figure]));
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** One storm: {slowest call beyond Zoho, how far the slowest instance finished behind the fastest (the holder's)}. */
  private static long[] round(String url, String variant) throws Exception {
    String table = "oauthtokens_wait_" + System.nanoTime();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    try (HikariDataSource data = new HikariDataSource(pool);
        FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(data).table(table).build();
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      store.save(ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(USER)).expiresAt(Instant.now().minusSeconds(60)).build());
      for (int instance = 0; instance < 4; instance++) { // each child warms up on a user of its own
        String warm = "warm" + instance + "@example.com";
        store.save(ZohoOAuthTokens.builder().userIdentifier(warm).accessToken("1000.expired")
            .refreshToken(zoho.issueRefreshToken(warm)).expiresAt(Instant.now().minusSeconds(60)).build());
      }
      Map<String, String> config = new HashMap<>();
      config.put("client_id", zoho.clientId());
      config.put("client_secret", zoho.clientSecret());
      config.put("accounts_url", zoho.accountsUrl());
      config.put("jdbc_url", url);
      config.put("jdbc_table", table);
      config.put(RefreshStorm.WARM_UP_USER, "warm0@example.com,warm1@example.com,warm2@example.com,"
          + "warm3@example.com");
      if (variant.equals("polling")) {
        config.put("persistence_handler_class", PollingOnlyJdbcStore.class.getName());
      } else {
        config.put("persistence", "jdbc");
      }
      RefreshStorm.Result result = RefreshStorm.run(4, 16, List.of(USER), config);
      if (!result.errors.isEmpty() || zoho.refreshRequestCount(USER) != 1) { // warm-up users are counted apart
        throw new IllegalStateException("the storm did not end in one refresh: " + result.errors);
      }
      try (Connection connection = data.getConnection()) {
        connection.createStatement().execute("DROP TABLE " + table);
      }
      long fastest = Collections.min(result.slowestByInstance);
      return new long[] {Duration.ofNanos(result.slowestCallNanos).toMillis() - 300,
          Duration.ofNanos(result.slowestCallNanos - fastest).toMillis()};
    }
  }
}
