package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.event.RefreshEvent;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a TokenEventListener hears, once per thing the fake saw, on the client's own thread. */
public class TokenEventsTest {
  private static final String USER = "user@example.com";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock)
      .rateLimit(3, Duration.ofMinutes(10)).start();
  private final Recorder events = new Recorder();

  @AfterEach
  void stop() {
    zoho.close();
  }

  /** Keeps what a client tells its listeners, with the thread it heard each on; other test packages use it too. */
  public static final class Recorder implements TokenEventListener {
    final List<Object> heard = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    private synchronized void add(Object event) {
      threads.add(Thread.currentThread().getName());
      heard.add(event);
      notifyAll();
    }

    @Override
    public void refreshed(RefreshEvent event) {
      add(event);
    }

    @Override
    public void refreshFailed(String user, RefreshTrigger trigger, ZohoOAuthException error) {
      add("failed " + trigger + " " + error.getClass().getSimpleName());
    }

    @Override
    public void rateLimited(String user, Duration backoff) {
      add("rate limited " + backoff.toSeconds() + " s");
    }

    @Override
    public void tokenRejected(String user) {
      add("rejected " + user);
    }

    @Override
    public void replacedTokenNotRevoked(String user, ZohoOAuthException error) {
      add("not revoked " + user);
    }

    @Override
    public void storeUnavailable(TokenStoreException error) {
      add("store unavailable");
    }

    @Override
    public void storeRecovered() {
      add("store recovered");
    }

    /** Waits, bounded, for {@code count} events: delivery is on another thread, which wakes this one. */
    public List<Object> await(int count) throws InterruptedException {
      return await(count, event -> true);
    }

    /** Waits, bounded, for {@code count} events that {@code match}; returns every event heard. */
    public List<Object> await(int count, java.util.function.Predicate<Object> match) throws InterruptedException {
      return await(count, match, Duration.ofSeconds(10));
    }

    /** {@link #await(int, java.util.function.Predicate)} waiting at most {@code bound}. */
    public synchronized List<Object> await(int count, java.util.function.Predicate<Object> match, Duration bound)
        throws InterruptedException {
      long deadline = System.nanoTime() + bound.toNanos();
      for (long left = deadline - System.nanoTime(); heard.stream().filter(match).count() < count && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return List.copyOf(heard);
    }
  }

  @Test
  void eachRefreshIsHeardOnceWithItsTriggerOnTheClientsOwnThread() throws Exception {
    InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
    try (ZohoOAuthClient client = clientFor(zoho, clock, store).eventListener(events).build()) {
      String first = client.generateAccessToken(zoho.issueGrantCode(USER), USER).accessToken();
      clock.advance(Duration.ofMinutes(57)); // stale
      client.getAccessToken(USER);
      List<Object> heardFirst = events.await(1);
      assertTrue(heardFirst.get(0) instanceof RefreshEvent, "the stale refresh: " + heardFirst);
      RefreshEvent stale = (RefreshEvent) heardFirst.get(0);
      clock.advance(Duration.ofHours(2)); // expired
      client.getAccessToken(USER);
      String current = client.getAccessToken(USER);
      client.refreshAccessToken(USER, current);

      List<Object> heard = events.await(4);
      assertEquals(RefreshTrigger.STALE, stale.trigger());
      assertEquals(RefreshTrigger.EXPIRED, ((RefreshEvent) heard.get(1)).trigger());
      assertEquals("rejected " + USER, heard.get(2));
      assertEquals(RefreshTrigger.REJECTED, ((RefreshEvent) heard.get(3)).trigger());
      assertEquals(4, heard.size(), heard.toString());
      assertEquals(3, zoho.refreshRequestCount(USER), "one refresh event per refresh Zoho saw");
      assertTrue(events.threads.stream().allMatch(name -> name.startsWith("zoho-oauth-events-")), events.threads
          .toString());
      assertTrue(first != null);
    }
  }

  @Test
  void aForcedRefreshRunsOnceForEveryoneAskingAndIsHeardAsForced() throws Exception {
    InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
    try (ZohoOAuthClient client = clientFor(zoho, clock, store).eventListener(events).build()) {
      String fresh = client.generateAccessToken(zoho.issueGrantCode(USER), USER).accessToken();
      int callers = 32;
      List<Thread> callerThreads = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(callers, task -> {
        Thread thread = new Thread(task);
        callerThreads.add(thread);
        return thread;
      });
      Gate refreshes = zoho.holdRefreshes();
      try {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          answers.add(pool.submit(() -> client.refreshAccessToken(USER)));
        }
        // Zoho holds the refresh until every caller waits on it: all of them asked while it ran.
        assertTrue(refreshes.awaitArrivals(1, Duration.ofSeconds(10)));
        awaitAllWaiting(callerThreads, callers);
        refreshes.release();
        Set<String> tokens = new HashSet<>();
        for (Future<String> answer : answers) {
          tokens.add(answer.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, tokens.size(), "every caller got the one new token");
        assertFalse(tokens.contains(fresh), "the FRESH token was replaced");
        assertEquals(1, zoho.refreshRequestCount(USER), "one refresh at Zoho for " + callers + " callers");
        assertEquals(tokens.iterator().next(), client.getAccessToken(USER));
        assertEquals(tokens.iterator().next(), store.load(USER).orElseThrow().accessToken());
      } finally {
        refreshes.release();
        pool.shutdownNow();
      }
      String again = client.refreshAccessToken(USER);
      assertEquals(2, zoho.refreshRequestCount(USER), "a later call refreshes again");
      assertEquals(again, client.getAccessToken(USER));

      List<Object> heard = events.await(2);
      assertEquals(2, heard.size(), heard.toString());
      assertEquals(RefreshTrigger.FORCED, ((RefreshEvent) heard.get(0)).trigger());
      assertEquals(RefreshTrigger.FORCED, ((RefreshEvent) heard.get(1)).trigger());
      assertThrows(UnknownUserException.class, () -> client.refreshAccessToken("nobody@example.com"));
    }
  }

  /** Waits, bounded, until {@code count} threads exist and all wait (in a bounded get). */
  private static void awaitAllWaiting(List<Thread> threads, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (threads.size() < count
        || !threads.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING)) {
      assertTrue(System.nanoTime() < deadline, "the callers did not all wait for the refresh");
      Thread.sleep(5);
    }
  }

  @Test
  void aRefreshAnotherInstanceAlreadyDidIsHeardAsSuch() throws Exception {
    InMemoryTokenPersistenceHandler shared = new InMemoryTokenPersistenceHandler();
    try (ZohoOAuthClient one = clientFor(zoho, clock, shared).build();
        ZohoOAuthClient other = clientFor(zoho, clock, shared).eventListener(events).build()) {
      one.generateAccessToken(zoho.issueGrantCode(USER), USER);
      other.getAccessToken(USER); // cached in the other instance too
      clock.advance(Duration.ofHours(2));
      one.getAccessToken(USER); // refreshes and stores

      other.getAccessToken(USER);

      RefreshEvent event = (RefreshEvent) events.await(1).get(0);
      assertTrue(event.byAnotherInstance(), event.toString());
      assertEquals(1, zoho.refreshRequestCount(USER));
    }
  }

  @Test
  void aRateLimitIsHeardWithItsBackoffAndAThrowingListenerBreaksNothing() throws Exception {
    TokenEventListener throwing = new TokenEventListener() {
      @Override
      public void refreshFailed(String user, RefreshTrigger trigger, ZohoOAuthException error) {
        throw new IllegalStateException("a listener's bug");
      }
    };
    try (ZohoOAuthClient client = clientFor(zoho, clock, new InMemoryTokenPersistenceHandler())
        .eventListener(throwing).eventListener(events).build()) {
      client.generateAccessToken(zoho.issueGrantCode(USER), USER); // the window's 1st token of 3
      for (int i = 0; i < 2; i++) {
        clock.advance(Duration.ofSeconds(61)); // past the loop guard's minute
        client.refreshAccessToken(USER, client.getAccessToken(USER));
      }
      clock.advance(Duration.ofSeconds(61));

      String refused = client.getAccessToken(USER);
      assertThrows(RateLimitedException.class, () -> client.refreshAccessToken(USER, refused));

      List<Object> heard = events.await(7);
      assertTrue(heard.contains("rate limited 60 s"), heard.toString());
      assertTrue(heard.contains("failed REJECTED RateLimitedException"), heard.toString());
      assertEquals(7, heard.size(), "3 rejections, 2 refreshes, the rate limit and the failure: " + heard);
    }
  }

  @Test
  void aStoreOutageAndItsRecoveryAreHeardOnceEach() throws Exception {
    AtomicBoolean down = new AtomicBoolean();
    InMemoryTokenPersistenceHandler inner = new InMemoryTokenPersistenceHandler();
    io.github.zohooauth.spi.TokenPersistenceHandler flaky = new io.github.zohooauth.spi.TokenPersistenceHandler() {
      @Override
      public Optional<ZohoOAuthTokens> load(String user) {
        if (down.get()) {
          throw new IllegalStateException("connection refused");
        }
        return inner.load(user);
      }

      @Override
      public void save(ZohoOAuthTokens tokens) {
        if (down.get()) {
          throw new IllegalStateException("connection refused");
        }
        inner.save(tokens);
      }

      @Override
      public void delete(String user) {
        inner.delete(user);
      }
    };
    try (ZohoOAuthClient client = clientFor(zoho, clock, flaky).eventListener(events).build()) {
      down.set(true);
      for (int i = 0; i < 5; i++) {
        String nobody = "nobody" + i + "@x.com";
        assertThrows(TokenStoreException.class, () -> client.getTokens(nobody));
      }
      down.set(false);
      client.generateAccessToken(zoho.issueGrantCode(USER), USER);
      client.getTokens(USER);

      assertEquals(List.of("store unavailable", "store recovered"), events.await(2));
    }
  }
}
