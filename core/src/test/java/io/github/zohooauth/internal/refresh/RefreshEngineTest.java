package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.config.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.TokenEventsTest;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthClientBuilder;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.InvalidClientException;
import io.github.zohooauth.exception.RefreshTimeoutException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refresh engine's bounds: interrupted and impatient callers, monotonic backoffs, a bounded pool. */
class RefreshEngineTest {
  private static final String USER = "user@example.com";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final java.util.function.Predicate<Object> REFRESHED =
      event -> event instanceof io.github.zohooauth.event.RefreshEvent;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() {
    zoho.close();
  }

  private ZohoOAuthClientBuilder client() {
    return ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl()).clock(clock).ticker(clock::nanoTime)
        .tokenStore(store).http(HttpSettings.defaults().withRetryBaseDelay(Duration.ofMillis(5)));
  }

  private ZohoOAuthTokens expiredUser(ZohoOAuthClient client) {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofHours(2));
    return tokens;
  }

  @Test
  void anInterruptedCallerFailsAloneAndTheRefreshGoesOnForTheOthers() throws Exception {
    try (ZohoOAuthClient client = client().build()) {
      ZohoOAuthTokens old = expiredUser(client);
      Gate refreshes = zoho.holdRefreshes();
      AtomicReference<Throwable> interruptedGot = new AtomicReference<>();
      AtomicReference<Boolean> flagKept = new AtomicReference<>();
      Thread interrupted = new Thread(() -> {
        try {
          client.getAccessToken(USER);
        } catch (Throwable e) {
          interruptedGot.set(e);
          flagKept.set(Thread.currentThread().isInterrupted());
        }
      });
      interrupted.start();
      assertTrue(refreshes.awaitArrivals(1, WAIT));
      CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> client.getAccessToken(USER));
      awaitWaiting(interrupted);

      interrupted.interrupt();
      interrupted.join(WAIT.toMillis());

      assertTrue(interruptedGot.get() instanceof ZohoOAuthInterruptedException, String.valueOf(interruptedGot.get()));
      assertTrue(flagKept.get(), "the interrupt flag is set again");
      refreshes.release();
      String token = other.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotEquals(old.accessToken(), token);
      assertEquals(token, client.getAccessToken(USER), "a later caller is untouched, with no new refresh");
      assertEquals(1, zoho.refreshRequestCount(USER));
    }
  }

  @Test
  void aCallerThatWaitsPastItsBoundGetsATypedErrorNamingTheSettingAndTheRefreshGoesOn() throws Exception {
    TokenEventsTest.Recorder heard = new TokenEventsTest.Recorder();
    try (ZohoOAuthClient client = client().refreshWaitTimeout(Duration.ofMillis(200)).eventListener(heard).build()) {
      ZohoOAuthTokens old = expiredUser(client);
      Gate refreshes = zoho.holdRefreshes();

      RefreshTimeoutException error = assertThrows(RefreshTimeoutException.class, () -> client.getAccessToken(USER));

      assertTrue(error.getMessage().contains("refresh_wait_timeout_ms"), error.getMessage());
      assertEquals(USER, error.userIdentifier());
      refreshes.release();
      assertEquals(1, heard.await(1, REFRESHED, WAIT).stream().filter(REFRESHED).count(), "the refresh went on");
      String token = client.getAccessToken(USER);
      assertNotEquals(old.accessToken(), token);
      assertEquals(token, store.load(USER).orElseThrow().accessToken());
      assertEquals(1, zoho.refreshRequestCount(USER));
    }
  }

  @Test
  void aWallClockSetBackDoesNotStretchTheFailureBackoff() {
    try (ZohoOAuthClient client = client().build()) {
      expiredUser(client);
      zoho.failNext(Endpoint.TOKEN, Failure.zohoError("invalid_client"));
      assertThrows(InvalidClientException.class, () -> client.getAccessToken(USER));
      assertThrows(InvalidClientException.class, () -> client.getAccessToken(USER), "inside the 5 s backoff");

      clock.step(Duration.ofMinutes(-30)); // an NTP correction: the token is still expired
      clock.advance(Duration.ofSeconds(6)); // the backoff has passed on the monotonic ticker

      String token = client.getAccessToken(USER);
      assertEquals(token, store.load(USER).orElseThrow().accessToken());
      assertEquals(2, zoho.refreshRequestCount(USER));
    }
  }

  @Test
  void thousandsOfStaleUsersAreRefreshedInTheBackgroundOnABoundedNumberOfThreads() throws Exception {
    int users = 2_000;
    for (int u = 0; u < users; u++) {
      String user = "stale" + u + "@example.com";
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.stale." + u)
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(clock.instant().plus(Duration.ofMinutes(3))).build());
    }
    zoho.latency(Endpoint.TOKEN, Duration.ofMillis(20));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    TokenEventsTest.Recorder heard = new TokenEventsTest.Recorder();
    try (ZohoOAuthClient client = client().eventListener(heard).build()) {
      for (int u = 0; u < users; u++) {
        assertEquals("1000.stale." + u, client.getAccessToken("stale" + u + "@example.com"), "STALE: served at once");
      }
      heard.await(users, REFRESHED, Duration.ofMinutes(2));
      assertEquals(users, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_REFRESH_TOKEN));
      int extra = threads.getPeakThreadCount() - before;
      assertTrue(extra <= Setting.REFRESH_MAX_CONCURRENCY.defaultValue() + 48,
          "thread peak grew by " + extra + " for " + users + " background refreshes");
    }
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(Thread.State.TIMED_WAITING, thread.getState(), "the caller must be waiting for the refresh");
  }
}
