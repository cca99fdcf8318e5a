package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/** Heap held by the token cache for 100,000 users, with realistic token lengths. */
final class CacheHeapMeasure {
  private static final int USERS = 100_000;

  private CacheHeapMeasure() {}

  static void run(Report report) {
    report.section("Memory.", "Heap retained by the in-memory token cache holding 100,000 users (access and "
        + "refresh tokens of Zoho's length, an API domain, a scope), measured as used heap after full GCs, before "
        + "and after. The store keeps nothing in memory, so only the cache counts. Goal: 64 MiB or less.");
    report.table("cached users", "heap retained (MiB)", "bytes per user");
    SecureRandom random = new SecureRandom();
    long before = usedHeapAfterGc();
    ZohoOAuthClient client = ZohoOAuthClient.builder().clientId("1000.BENCH").clientSecret("bench")
        .accountsUrl("http://127.0.0.1:9").tokenCacheSize(USERS).tokenStore(new DiscardingStore()).build();
    Instant expiry = Instant.now().plusSeconds(3_600);
    for (int i = 0; i < USERS; i++) {
      // Each user's strings are distinct objects, as they are when parsed from Zoho's answers.
      client.saveTokens(ZohoOAuthTokens.builder().userIdentifier("user" + i + "@example.com")
          .accessToken(zohoToken(random)).refreshToken(zohoToken(random)).expiresAt(expiry)
          .apiDomain(new String("https://www.zohoapis.com")).scope(new String("ZohoCRM.modules.ALL AaaServer.profile.READ"))
          .build());
    }
    long after = usedHeapAfterGc();
    long retained = after - before;
    report.row(String.format("%,d", USERS), String.format("%.1f", retained / 1024.0 / 1024.0), retained / USERS);
    if (client.getTokens("user0@example.com") == null) {
      throw new IllegalStateException("the cache lost a user"); // also keeps the client reachable until here
    }
    client.close();
  }

  /** {@code 1000.<32 hex>.<32 hex>}: the shape and length of Zoho's tokens. */
  private static String zohoToken(SecureRandom random) {
    return String.format("1000.%032x.%032x", new java.math.BigInteger(128, random), new java.math.BigInteger(128, random));
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Keeps nothing: the cache is all that holds tokens. */
  private static final class DiscardingStore implements TokenPersistenceHandler {
    @Override
    public Optional<ZohoOAuthTokens> load(String userIdentifier) {
      return Optional.empty();
    }

    @Override
    public void save(ZohoOAuthTokens tokens) {}

    @Override
    public void delete(String userIdentifier) {}
  }
}
