package io.github.zohooauth.benchmarks;

import io.github.zohooauth.config.Setting;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.persistence.file.FileTokenPersistenceHandler;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many users whose tokens expired together (an app restarted after an outage), on 1 and 4 application instances
 * sharing a store, each instance with 200 request threads asking for every user. Against the ideal: users x Zoho's
 * latency / the fleet's allowed concurrency (instances x {@link Setting.REFRESH_MAX_CONCURRENCY.defaultValue()}).
 */
final class FleetMeasure {
  /**
   * Zoho's usual answer time. Shorter is not more telling here: at 100 ms, four JVMs, MariaDB and the fake share
   * this 2-core machine's CPU, which then bounds the fleet rather than the refresh engine (measured: 4 instances,
   * 2,000 users, 3.9x the ideal at 100 ms with both cores busy, 1.48x at 300 ms).
   */
  private static final Duration ZOHO_LATENCY = Duration.ofMillis(300);
  private static final int CALLERS = 200;
  /** Refreshed by each JVM of a warm fleet before the storm: enough calls that the refresh path is compiled. */
  private static final int WARM_USERS = 400;

  private FleetMeasure() {}

  static void run(Report report, String jdbcUrl) throws Exception {
    report.section("Fleet: users expiring together.", "N users' tokens have expired; each of 1 or 4 application "
        + "instances (JVMs) sharing the store runs " + CALLERS + " request threads that together ask for every user. "
        + "The fake answers refreshes in " + ZOHO_LATENCY.toMillis() + " ms. Ideal = users x latency / (instances x "
        + Setting.REFRESH_MAX_CONCURRENCY.defaultValue() + " refreshes at once, the default). The baseline is the "
        + "JDBC store's first design, a row lock held on a pooled connection while Zoho answers. Goal: 0 errors, 1 "
        + "request per user, within 1.5x of the ideal.");
    report.table("store", "instances", "users", "callers with an error", "refresh requests", "peak threads per "
        + "instance", "wall (s)", "ideal (s)", "wall vs ideal");
    for (int users : new int[] {1_000, 10_000}) {
      for (int instances : new int[] {1, 4}) {
        measure(report, "jdbc (MariaDB)", instances, users, jdbcUrl, false);
      }
    }
    for (int instances : new int[] {1, 4}) {
      measure(report, "file", instances, 1_000, jdbcUrl, false);
    }
    for (int instances : new int[] {1, 4}) {
      measure(report, "jdbc row lock (baseline)", instances, 1_000, jdbcUrl, true);
    }
  }

  /**
   * The fleet on every shared store, 4 instances, at 1,000 and 10,000 users: MariaDB, PostgreSQL (told of refreshes
   * by NOTIFY) and Redis (pub/sub). Ratio to the ideal of 4 x 16 refreshes at once. Any store, instance count and
   * user count: {@code -Dbench.fleet.stores=REGEX} (on the row's name), {@code -Dbench.fleet.instances=1,4,8},
   * {@code -Dbench.fleet.users=1000,10000}; {@code -Dstorm.jfr=FOLDER} records a JFR profile of each instance.
   */
  static void stores(Report report, String mariaDbUrl, String postgresUrl, String redisUrl) throws Exception {
    String stores = System.getProperty("bench.fleet.stores", ".*");
    int[] instanceCounts = counts("bench.fleet.instances", "4");
    report.section("Fleet on every shared store.", "As above, with 4 instances (JVMs) of " + CALLERS + " request "
        + "threads each, on MariaDB, PostgreSQL and Redis. Ideal = users x " + ZOHO_LATENCY.toMillis() + " ms / "
        + "(instances x 16). Goal: within 1.3x of the ideal. Each twice: cold (the JVMs start and the storm hits "
        + "at once: class loading and compilation in the storm) and warm (each JVM first refreshes " + WARM_USERS
        + " users of its own, " + CALLERS + " at a time, as an instance that has been serving).");
    report.table("store", "instances", "users", "callers with an error", "refresh requests", "peak threads per "
        + "instance", "wall (s)", "ideal (s)", "wall vs ideal");
    for (int users : counts("bench.fleet.users", "1000,10000")) {
      for (int instances : instanceCounts) {
        for (String[] store : new String[][] {{"jdbc (MariaDB)", mariaDbUrl}, {"jdbc (PostgreSQL)", postgresUrl},
            {"redis", redisUrl}}) {
          if (store[0].matches("(?i).*(" + stores + ").*")) {
            for (boolean warm : new boolean[] {false, true}) {
              measure(report, store[0], instances, users, store[1], false, warm);
            }
          }
        }
      }
    }
  }

  /**
   * Stores {@code count} users, {@code <prefix>0@example.com} on, whose access tokens expired a minute ago, each with
   * a refresh token the fake issued; returns their names.
   */
  static List<String> expiredUsers(TokenPersistenceHandler store, FakeZohoAccountsServer zoho, String prefix,
      int count) {
    Instant expired = Instant.now().minusSeconds(60);
    List<String> users = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      String user = prefix + u + "@example.com";
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(expired).build());
      users.add(user);
    }
    return users;
  }

  private static int[] counts(String property, String defaults) {
    return java.util.Arrays.stream(System.getProperty(property, defaults).split(","))
        .mapToInt(each -> Integer.parseInt(each.trim())).toArray();
  }

  /** The default concurrency's justification: wall time for 1,000 expired users as the bound grows. */
  static void concurrency(Report report) throws Exception {
    int users = 1_000;
    report.section("Refresh concurrency.", "1,000 expired users in the memory store, " + CALLERS + " request threads, "
        + "the fake answering refreshes in 300 ms (Zoho's usual), one instance, by `refresh_max_concurrency`. "
        + "Ideal = 1,000 x 0.3 s / concurrency.");
    report.table("refresh_max_concurrency", "wall (s)", "ideal (s)", "wall vs ideal", "speed-up vs 4");
    double base = 0;
    for (int concurrency : new int[] {4, 8, 16, 32, 64}) {
      try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
        InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
        expiredUsers(store, zoho, "user", users);
        zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId())
            .clientSecret(zoho.clientSecret()).accountsUrl(zoho.accountsUrl()).tokenStore(store)
            .maxConcurrentRefreshes(concurrency).refreshWaitTimeout(Duration.ofMinutes(5)).build()) {
          long started = System.nanoTime();
          List<Future<?>> done = new ArrayList<>();
          for (int c = 0; c < CALLERS; c++) {
            int first = c;
            done.add(callers.submit(() -> {
              for (int u = first; u < users; u += CALLERS) {
                client.getAccessToken("user" + u + "@example.com");
              }
            }));
          }
          for (Future<?> caller : done) {
            caller.get();
          }
          double wall = (System.nanoTime() - started) / 1e9;
          double ideal = users * 0.3 / concurrency;
          base = base == 0 ? wall : base;
          report.row(concurrency, String.format("%.1f", wall), String.format("%.1f", ideal),
              Report.ratio(wall / ideal), Report.ratio(base / wall));
        } finally {
          callers.shutdownNow();
        }
      }
    }
  }

  private static void measure(Report report, String name, int instances, int users, String url,
      boolean rowLock) throws Exception {
    measure(report, name, instances, users, url, rowLock, false);
  }

  private static void measure(Report report, String name, int instances, int users, String url,
      boolean rowLock, boolean warm) throws Exception {
    boolean redis = name.equals("redis");
    String jdbcUrl = redis ? null : url;
    Path folder = Files.createTempDirectory("fleet");
    String table = "oauthtokens_fleet_" + System.nanoTime();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start();
        HikariDataSource pool = redis ? null : pool(jdbcUrl)) {
      Map<String, String> config = new HashMap<>(Map.of("client_id", zoho.clientId(), "client_secret",
          zoho.clientSecret(), "accounts_url", zoho.accountsUrl()));
      TokenPersistenceHandler store;
      if (redis) {
        config.put("persistence", "redis");
        config.put(io.github.zohooauth.persistence.redis.RedisPersistenceProvider.REDIS_URL, url);
        config.put(io.github.zohooauth.persistence.redis.RedisPersistenceProvider.REDIS_KEY_PREFIX,
            "zoho-oauth-bench-fleet:" + System.nanoTime() + ":");
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(config);
        store = new io.github.zohooauth.persistence.redis.RedisPersistenceProvider()
            .create(io.github.zohooauth.config.ConfigValues.of(properties, "benchmark"));
      } else if (name.equals("file")) {
        store = new FileTokenPersistenceHandler(folder);
        config.put("persistence", "file");
        config.put("token_persistence_path", folder.toString());
      } else {
        store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
        config.put("jdbc_url", jdbcUrl);
        config.put("jdbc_table", table);
        config.put("jdbc_pool_size", System.getProperty("bench.fleet.pool", "4"));
        if (rowLock) {
          config.put("persistence_handler_class", RowLockJdbcStore.class.getName());
        } else {
          config.put("persistence", "jdbc");
        }
      }
      expiredUsers(store, zoho, "fleet", users);
      if (warm) {
        List<String> warmUsers = expiredUsers(store, zoho, "warm", WARM_USERS * instances);
        config.put(RefreshStorm.WARM_UP_USER, String.join(",", warmUsers)); // every JVM warms up on all of them
      }
      zoho.latency(Endpoint.TOKEN, ZOHO_LATENCY);

      RefreshStorm.Result result = RefreshStorm.runUsers(instances, CALLERS, "fleet{" + users + "}@example.com", config);

      if (Boolean.getBoolean("bench.fleet.timeline")) {
        List<Long> at = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          zoho.refreshRequestTimes("fleet" + u + "@example.com").forEach(time -> at.add(time.toEpochMilli()));
        }
        java.util.Collections.sort(at);
        long first = at.get(0);
        StringBuilder line = new StringBuilder("refresh requests arrived (ms after the first), by decile:");
        for (int d = 1; d <= 10; d++) {
          line.append(' ').append(at.get(Math.min(at.size() - 1, at.size() * d / 10 - 1)) - first);
        }
        System.out.println(line + "; the storm's slowest call " + result.slowestCallNanos / 1_000_000 + " ms");
      }
      // from the release to the last answer: a JVM's exit (Lettuce waits out a quiet period) is not the fleet's work
      double wall = result.slowestCallNanos / 1e9;
      double ideal = users * (ZOHO_LATENCY.toMillis() / 1000.0)
          / (instances * Setting.REFRESH_MAX_CONCURRENCY.defaultValue());
      long errorCallers = result.errors.size();
      int requests = 0;
      for (int u = 0; u < users; u++) {
        requests += zoho.refreshRequestCount("fleet" + u + "@example.com"); // the warm-up's are not the storm's
      }
      report.row(name + (warm ? ", warm" : ""), instances, String.format("%,d", users),
          String.format("%,d", errorCallers), String.format("%,d", requests),
          result.peakThreads, String.format("%.1f", wall), String.format("%.1f", ideal), Report.ratio(wall / ideal));
      if (!result.errors.isEmpty()) {
        System.out.println(name + ": first error: " + result.errors.get(0));
      }
    } finally {
      if (jdbcUrl != null) {
        try (HikariDataSource pool = pool(jdbcUrl); Connection connection = pool.getConnection()) {
          connection.createStatement().execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
