package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * 1,000 threads call for one expired token at once, while the fake answers refreshes in 300 ms with Zoho's
 * limit of 10 tokens per 10 minutes: ours against the naive client.
 */
final class RefreshStormMeasure {
  private static final String USER = "storm@example.com";
  private static final int THREADS = 1_000;

  private RefreshStormMeasure() {}

  static void run(Report report) throws Exception {
    report.section("Refresh storm.", "1,000 threads call `getAccessToken` on one expired token at the same moment; "
        + "the fake answers refreshes in 300 ms and enforces Zoho's 10 tokens per 10 minutes. The naive client "
        + "refreshes on every miss, as Zoho's SDKs do. Goal: 1 request, 0 errors.");
    report.table("client", "refresh requests to Zoho", "callers that got an error", "wall time (ms)");
    row(report, "zoho-oauth-java", false);
    row(report, "naive (Zoho's SDKs' approach)", true);
  }

  private static void row(Report report, String name, boolean naive) throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
      store.save(ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(USER)).expiresAt(Instant.now().minusSeconds(60)).build());
      try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId())
          .clientSecret(zoho.clientSecret()).accountsUrl(zoho.accountsUrl()).tokenStore(store).build()) {
        NaiveClient naiveClient = new NaiveClient(store, zoho.accountsUrl(), zoho.clientId(), zoho.clientSecret());
        Function<String, String> getAccessToken = naive ? naiveClient::getAccessToken : client::getAccessToken;
        long started = System.nanoTime();
        int errors = storm(getAccessToken);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        report.row(name, zoho.refreshRequestCount(USER), errors, millis);
      }
    }
  }

  private static int storm(Function<String, String> getAccessToken) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(threads.submit(() -> {
        start.await();
        return getAccessToken.apply(USER);
      }));
    }
    start.countDown();
    int errors = 0;
    for (Future<String> call : calls) {
      try {
        call.get(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        errors++;
      }
    }
    threads.shutdownNow();
    return errors;
  }
}
