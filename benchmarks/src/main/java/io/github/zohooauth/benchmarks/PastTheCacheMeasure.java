package io.github.zohooauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.persistence.redis.RedisPersistenceProvider;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * 100,000 users with valid tokens, asked for by 16 threads with Zipf-skewed popularity (s = 1): with the default cache
 * of 10,000 users, against a cache that holds them all, on each store. A miss reads the store; the figures say what
 * the misses cost and when {@code token_cache_size} should grow.
 */
final class PastTheCacheMeasure {
  private static final int USERS = 100_000;
  private static final int THREADS = 16;
  private static final long SECONDS = 8;
  private static final double[] CUMULATIVE = zipf(USERS, 1.0);

  private PastTheCacheMeasure() {}

  static void run(Report report, String mariaDbUrl, String postgresUrl, String redisUrl) throws Exception {
    report.section("Past the cache.", "100,000 users with valid tokens; " + THREADS + " threads call "
        + "`getAccessToken` for " + SECONDS + " s (after 2 s of warm-up) on users drawn with Zipf popularity (s = 1: "
        + "the top 10,000 users get about 80% of the calls). The default cache (10,000 users) against one that holds "
        + "all 100,000 (`token_cache_size=100000`), on each store. Heap: used after full GCs at the end, client "
        + "included.");
    report.table("store", "token_cache_size", "calls per second", "p99 (µs)", "vs the cache that holds all",
        "heap used (MiB)");
    InMemoryTokenPersistenceHandler memory = new InMemoryTokenPersistenceHandler(); // one map, which each client reads
    measure(report, "memory", () -> memory, () -> { });
    HikariDataSource maria = pool(mariaDbUrl);
    String mariaTable = "oauthtokens_past_" + System.nanoTime();
    measure(report, "MariaDB", () -> JdbcTokenPersistenceHandler.builder(maria).table(mariaTable).build(),
        () -> drop(maria, mariaTable));
    HikariDataSource postgres = pool(postgresUrl);
    String postgresTable = "oauthtokens_past_" + System.nanoTime();
    measure(report, "PostgreSQL", () -> JdbcTokenPersistenceHandler.builder(postgres).table(postgresTable).build(),
        () -> drop(postgres, postgresTable));
    String prefix = "zoho-oauth-bench-past:" + System.nanoTime() + ":";
    Properties redis = new Properties();
    redis.setProperty(RedisPersistenceProvider.REDIS_URL, redisUrl);
    redis.setProperty(RedisPersistenceProvider.REDIS_KEY_PREFIX, prefix);
    measure(report, "Redis", () -> new RedisPersistenceProvider().create(ConfigValues.of(redis, "benchmark")), () -> { });
  }

  private static void measure(Report report, String name, Supplier<TokenPersistenceHandler> stores, Runnable cleanUp)
      throws Exception {
    TokenPersistenceHandler seeding = stores.get();
    seed(seeding);
    try {
      double[] all = run(stores, USERS);
      double[] fewer = run(stores, 10_000);
      report.row(name, "10,000 (default)", String.format("%,.0f", fewer[0]), String.format("%.0f", fewer[1]),
          Report.ratio(fewer[0] / all[0]), String.format("%.0f", fewer[2]));
      report.row(name, "100,000 (all)", String.format("%,.0f", all[0]), String.format("%.0f", all[1]), "1.00x",
          String.format("%.0f", all[2]));
    } finally {
      seeding.close();
      cleanUp.run();
    }
  }

  /** {calls per second, p99 in µs, heap used in MiB}. */
  private static double[] run(Supplier<TokenPersistenceHandler> stores, int cacheSize) throws Exception {
    try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId("1000.BENCH").clientSecret("bench")
        .accountsUrl("http://127.0.0.1:9").tokenCacheSize(cacheSize).tokenStore(stores.get()).build()) {
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        calls(client, threads, 2);
        double[] rateAndP99 = summary(calls(client, threads, SECONDS)); // the samples are garbage after this
        double heap = usedHeapAfterGc() / 1024.0 / 1024.0;
        return new double[] {rateAndP99[0], rateAndP99[1], heap};
      } finally {
        threads.shutdownNow();
      }
    }
  }

  /** {calls per second, p99 in µs} of the threads' samples. */
  private static double[] summary(long[][] latencies) {
    long count = 0;
    for (long[] thread : latencies) {
      count += thread[0];
    }
    long[] sample = Arrays.stream(latencies).flatMapToLong(thread -> Arrays.stream(thread, 1,
        (int) Math.min(thread.length, thread[0] + 1))).toArray();
    Arrays.sort(sample);
    return new double[] {count / (double) SECONDS, sample.length == 0 ? 0 : sample[(int) (sample.length * 0.99)]
        / 1_000.0};
  }

  /** Each thread's count of calls in [0], then the latency of each of its first calls, in ns. */
  private static long[][] calls(ZohoOAuthClient client, ExecutorService threads, long seconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<long[]>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      running.add(threads.submit(() -> {
        long[] latencies = new long[500_001];
        long calls = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long now = System.nanoTime(); now < until; ) {
          int user = user(random.nextDouble());
          client.getAccessToken("user" + user + "@example.com");
          long after = System.nanoTime();
          if (calls + 1 < latencies.length) {
            latencies[(int) calls + 1] = after - now;
          }
          calls++;
          now = after;
        }
        latencies[0] = calls;
        return latencies;
      }));
    }
    long[][] results = new long[THREADS][];
    for (int t = 0; t < THREADS; t++) {
      results[t] = running.get(t).get();
    }
    return results;
  }

  private static void seed(TokenPersistenceHandler store) throws Exception {
    Instant expiry = Instant.now().plusSeconds(86_400);
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      int first = w;
      done.add(writers.submit(() -> {
        for (int u = first; u < USERS; u += 8) {
          store.save(ZohoOAuthTokens.builder().userIdentifier("user" + u + "@example.com")
              .accessToken(String.format("1000.%032x.%032x", u, u)).refreshToken(String.format("1000.%032x.r", u))
              .expiresAt(expiry).apiDomain("https://www.zohoapis.com").build());
        }
      }));
    }
    for (Future<?> writer : done) {
      writer.get();
    }
    writers.shutdown();
  }

  private static int user(double uniform) {
    int index = Arrays.binarySearch(CUMULATIVE, uniform);
    return Math.min(USERS - 1, index >= 0 ? index : -index - 1);
  }

  private static double[] zipf(int n, double s) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, s);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(THREADS);
    return new HikariDataSource(config);
  }

  private static void drop(HikariDataSource pool, String table) {
    try (Connection connection = pool.getConnection()) {
      connection.createStatement().execute("DROP TABLE IF EXISTS " + table);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.close();
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
