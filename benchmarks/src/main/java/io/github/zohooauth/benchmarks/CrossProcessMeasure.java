package io.github.zohooauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.persistence.file.FileTokenPersistenceHandler;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.persistence.redis.RedisPersistenceProvider;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** 4 JVMs x 16 threads on one expired user, sharing a token folder, then a MariaDB table, then a Redis. */
final class CrossProcessMeasure {
  private static final String USER = "shared@example.com";

  private CrossProcessMeasure() {}

  static void run(Report report, String jdbcUrl) throws Exception {
    report.section("Across processes.", "4 JVMs x 16 threads call `getAccessToken` on one expired user at once, "
        + "sharing one store; the fake answers in 300 ms. The baseline is the same file store without its "
        + "cross-process lease (the SPI's default `tryLeaseRefresh`). Goal: 1 refresh request per user.");
    report.table("store", "refresh requests to Zoho", "distinct tokens handed out");
    Path folder = Files.createTempDirectory("zoho-cross-process");
    row(report, "file (folder shared by 4 JVMs)", user -> new FileTokenPersistenceHandler(folder).save(user),
        Map.of("persistence", "file", "token_persistence_path", folder.toString()));
    Path unlocked = Files.createTempDirectory("zoho-cross-process-unlocked");
    row(report, "file without the cross-process lock (baseline)",
        user -> new FileTokenPersistenceHandler(unlocked).save(user),
        Map.of("persistence_handler_class", UnlockedFileStore.class.getName(), "token_persistence_path",
            unlocked.toString()));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    String table = "oauthtokens_cross_" + System.nanoTime();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      row(report, "jdbc (one MariaDB table shared by 4 JVMs)", store::save,
          Map.of("persistence", "jdbc", "jdbc_url", jdbcUrl, "jdbc_table", table));
      try (Connection connection = pool.getConnection()) {
        connection.createStatement().execute("DROP TABLE " + table);
      }
    }
    String redisUrl = System.getProperty("bench.redis.url", "redis://127.0.0.1:6379/0");
    String prefix = "zoho-oauth-bench-cross:" + System.nanoTime() + ":";
    Properties redis = new Properties();
    redis.setProperty(RedisPersistenceProvider.REDIS_URL, redisUrl);
    redis.setProperty(RedisPersistenceProvider.REDIS_KEY_PREFIX, prefix);
    try (TokenPersistenceHandler store = new RedisPersistenceProvider().create(ConfigValues.of(redis, "benchmark"))) {
      row(report, "redis (one Redis shared by 4 JVMs)", store::save,
          Map.of("persistence", "redis", "redis_url", redisUrl, "redis_key_prefix", prefix));
      store.delete(USER);
    }
  }

  private static void row(Report report, String name, java.util.function.Consumer<ZohoOAuthTokens> seed,
      Map<String, String> storeConfig) throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      seed.accept(ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(USER)).expiresAt(Instant.now().minusSeconds(60)).build());
      Map<String, String> config = new HashMap<>(storeConfig);
      config.put("client_id", zoho.clientId());
      config.put("client_secret", zoho.clientSecret());
      config.put("accounts_url", zoho.accountsUrl());
      List<String> tokens = RefreshStorm.run(4, 16, USER, config);
      report.row(name, zoho.refreshRequestCount(USER), new HashSet<>(tokens).size());
    }
  }
}
