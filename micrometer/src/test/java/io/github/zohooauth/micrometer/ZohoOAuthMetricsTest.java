package io.github.zohooauth.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The meters hold exactly what the fake saw: after a storm, a rejected token and a rate limit. */
class ZohoOAuthMetricsTest {
  private static final String USER = "user@example.com";

  @Test
  void theMetersCountWhatZohoSawAndCarryNoUser() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ZohoOAuthMetrics metrics = new ZohoOAuthMetrics(registry);
    // Listeners hear each event in order on one thread: once this one hears the failure, the meters have counted it.
    java.util.concurrent.CountDownLatch failureCounted = new java.util.concurrent.CountDownLatch(1);
    io.github.zohooauth.event.TokenEventListener afterMetrics = new io.github.zohooauth.event.TokenEventListener() {
      @Override
      public void refreshFailed(String user, io.github.zohooauth.event.RefreshTrigger trigger,
          io.github.zohooauth.exception.ZohoOAuthException error) {
        failureCounted.countDown();
      }
    };
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock).rateLimit(3,
        Duration.ofMinutes(10)).start();
        ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
            .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl()).clock(clock).ticker(clock::nanoTime)
            .tokenStore(new InMemoryTokenPersistenceHandler()).eventListener(metrics)
            .eventListener(afterMetrics)
            .http(HttpSettings.defaults().withRetryBaseDelay(Duration.ofMillis(5))).build()) {
      metrics.bindCacheSize(client);
      client.generateAccessToken(zoho.issueGrantCode(USER), USER);
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(200));
      clock.advance(Duration.ofMinutes(61)); // expired: a storm, and the 1st token of a new window of 3
      storm(client, 100);
      for (int i = 0; i < 2; i++) { // the window's 2nd and 3rd tokens
        clock.advance(Duration.ofSeconds(61)); // past the loop guard's minute
        client.refreshAccessToken(USER, client.getAccessToken(USER));
      }
      clock.advance(Duration.ofSeconds(61));
      String refused = client.getAccessToken(USER);
      assertThrows(RateLimitedException.class, () -> client.refreshAccessToken(USER, refused)); // the 4th

      assertTrue(failureCounted.await(10, java.util.concurrent.TimeUnit.SECONDS), "the failure was heard");
      assertEquals(1, count(registry, ZohoOAuthMetrics.REFRESHES, "trigger", "rejected", "outcome", "failure"));
      assertEquals(1, count(registry, ZohoOAuthMetrics.REFRESHES, "trigger", "expired", "outcome", "success"),
          "one refresh for the storm of 100 callers");
      assertEquals(2, count(registry, ZohoOAuthMetrics.REFRESHES, "trigger", "rejected", "outcome", "success"));
      assertEquals(4, zoho.refreshRequestCount(USER), "Zoho saw the storm's, two rejections' and the refused one");
      assertEquals(3, count(registry, ZohoOAuthMetrics.REJECTIONS));
      assertEquals(1, count(registry, ZohoOAuthMetrics.RATE_LIMITED));
      assertEquals(1, registry.get(ZohoOAuthMetrics.CACHE_SIZE).gauge().value());
      assertEquals(3, registry.get(ZohoOAuthMetrics.REFRESH_DURATION).timers().stream()
          .mapToLong(timer -> timer.count()).sum());
      for (Meter meter : registry.getMeters()) {
        assertTrue(meter.getId().getTags().stream().noneMatch(tag -> tag.getValue().contains("@")),
            meter.getId().toString());
      }
    }
  }

  private static void storm(ZohoOAuthClient client, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          return client.getAccessToken(USER);
        }));
      }
      start.countDown();
      for (Future<String> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }
}
