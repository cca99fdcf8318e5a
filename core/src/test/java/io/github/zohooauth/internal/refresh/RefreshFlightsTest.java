package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.config.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshFlights} on {@link ManualThreads} and a {@link FakeClock}: single flight, the backoff after a failure,
 * and the wait for another instance's lease, each step run by the test. No sleeps, no polling loops.
 */
class RefreshFlightsTest {
  private static final String USER = "jane@example.com";
  private static final Predicate<ZohoOAuthTokens> NOT_NEW = tokens -> !tokens.accessToken().startsWith("1000.new");

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualThreads threads = new ManualThreads(clock);
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private final RefreshSettings settings = RefreshSettings.builder().clock(clock).ticker(clock::nanoTime)
      .threads(threads).build();
  private final AtomicInteger asked = new AtomicInteger();
  private ZohoOAuthException zohoFails;
  /** How long Zoho takes to answer, on the fake clock. */
  private Duration zohoTakes = Duration.ZERO;
  private final RefreshFlights flights = new RefreshFlights(
      new CachedStore(store, "memory", settings, TokenEvents.none()), stale -> {
        asked.incrementAndGet();
        clock.advance(zohoTakes);
        if (zohoFails != null) {
          throw zohoFails;
        }
        return stale.toBuilder().accessToken("1000.new" + asked.get()).expiresAt(clock.instant().plusSeconds(3600))
            .build();
      }, settings, TokenEvents.none(), new UserSlots());

  RefreshFlightsTest() {
    store.save(ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.old").refreshToken("1000.r")
        .expiresAt(clock.instant()).build());
  }

  @AfterEach
  void close() {
    flights.close();
  }

  @Test
  void callersThatArriveBeforeTheFlightRunsJoinItAndZohoIsAskedOnce() throws Exception {
    CompletableFuture<ZohoOAuthTokens> first = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    CompletableFuture<ZohoOAuthTokens> second = flights.refresh(USER, RefreshTrigger.STALE, NOT_NEW);
    assertSame(first, second, "one flight");
    assertEquals(1, threads.queued());
    assertFalse(first.isDone(), "nothing runs in the caller's thread");

    threads.runAll();

    assertEquals("1000.new1", first.get().accessToken());
    assertEquals(1, asked.get());
    assertEquals("1000.new1", store.load(USER).orElseThrow().accessToken(), "stored by its lease");
  }

  @Test
  void aFailureIsServedDuringItsBackoffAndTheFirstCallerAfterItStartsANewFlight() throws Exception {
    zohoFails = new ZohoNetworkException("Zoho is down", USER, null);
    CompletableFuture<ZohoOAuthTokens> failed = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertTrue(failed.isCompletedExceptionally());

    threads.advance(Setting.REFRESH_FAILURE_BACKOFF.defaultDuration().minusMillis(1));
    CompletableFuture<ZohoOAuthTokens> during = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    assertTrue(during.isCompletedExceptionally(), "the same error, at once");
    assertEquals(0, threads.queued(), "no new flight during the backoff");
    assertSame(zohoFails, cause(during));

    zohoFails = null;
    threads.advance(Duration.ofMillis(1));
    CompletableFuture<ZohoOAuthTokens> after = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertEquals("1000.new2", after.get().accessToken());
    assertEquals(2, asked.get());
  }

  @Test
  void whileAnotherInstanceHoldsTheLeaseTheFlightPollsTheStoreAndTakesThatInstancesToken() throws Exception {
    RefreshLease other = store.tryLeaseRefresh(USER, Duration.ofSeconds(30)).orElseThrow();
    CompletableFuture<ZohoOAuthTokens> waiting = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertFalse(waiting.isDone());
    assertEquals(1, threads.scheduled(), "a poll waits on the timer; no thread is held");

    threads.advance(Duration.ofMillis(RefreshFlights.FIRST_POLL_MILLIS)); // the store still holds the old token
    assertFalse(waiting.isDone());
    assertTrue(other.complete(other.current().toBuilder().accessToken("1000.new-by-other")
        .expiresAt(clock.instant().plusSeconds(3600)).build()));
    other.close();
    threads.advance(Duration.ofMillis(2 * RefreshFlights.FIRST_POLL_MILLIS)); // the next poll, twice as far

    assertEquals("1000.new-by-other", waiting.get().accessToken());
    assertEquals(0, asked.get(), "this instance asked Zoho nothing");
  }

  @Test
  void aWaiterIsWokenByTheStoresNotificationNotByItsPoll() throws Exception {
    RefreshLease other = store.tryLeaseRefresh(USER, Duration.ofSeconds(30)).orElseThrow();
    CompletableFuture<ZohoOAuthTokens> waiting = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertEquals(1, threads.scheduled());
    assertTrue(other.complete(other.current().toBuilder().accessToken("1000.new-by-other")
        .expiresAt(clock.instant().plusSeconds(3600)).build()));

    flights.refreshStoredElsewhere(USER); // the store's NOTIFY or pub/sub message
    threads.runAll(); // no time passes: the timer's poll has not come

    assertEquals("1000.new-by-other", waiting.get().accessToken());
    threads.advance(Duration.ofSeconds(1));
    assertEquals(0, threads.queued() + threads.scheduled(), "the replaced poll did nothing and left nothing behind");
    assertEquals(0, asked.get());
  }

  @Test
  void aNotificationThatComesEarlyOrIsLostCostsNothingThePollStillFindsTheToken() throws Exception {
    RefreshLease other = store.tryLeaseRefresh(USER, Duration.ofSeconds(30)).orElseThrow();
    CompletableFuture<ZohoOAuthTokens> waiting = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();

    flights.refreshStoredElsewhere(USER); // early: the other instance has not stored yet
    threads.runAll();
    assertFalse(waiting.isDone());
    threads.advance(Duration.ofMillis(RefreshFlights.FIRST_POLL_MILLIS)); // the replaced poll fires, and does nothing
    assertEquals(1, threads.scheduled(), "one poll waits: the early read's, which replaced the timer's");

    assertTrue(other.complete(other.current().toBuilder().accessToken("1000.new-by-other")
        .expiresAt(clock.instant().plusSeconds(3600)).build())); // and this store's notification is lost
    threads.advance(Duration.ofSeconds(1));

    assertEquals("1000.new-by-other", waiting.get().accessToken());
    assertEquals(0, asked.get());
  }

  @Test
  void onceTheStoreHasToldOfARefreshThePollsAreOnlyASafetyNet() throws Exception {
    flights.refreshStoredElsewhere("someone-else@example.com"); // the store has told of a refresh once
    RefreshLease other = store.tryLeaseRefresh(USER, Duration.ofSeconds(30)).orElseThrow();
    CompletableFuture<ZohoOAuthTokens> waiting = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertTrue(other.complete(other.current().toBuilder().accessToken("1000.new-by-other")
        .expiresAt(clock.instant().plusSeconds(3600)).build())); // and this one's notification is lost

    threads.advance(Duration.ofMillis(RefreshFlights.MAX_POLL_MILLIS - 1));
    assertFalse(waiting.isDone(), "no poll at 20, 40, 80 or 160 ms: the store would have told");
    threads.advance(Duration.ofMillis(1));

    assertEquals("1000.new-by-other", waiting.get().accessToken(), "the safety-net poll finds it");
  }

  /** This process refreshes a user of its own, with Zoho taking {@code zoho}: what its first polls are timed from. */
  private void ownRefreshTakes(Duration zoho) throws Exception {
    String user = "own" + asked.get() + "@example.com";
    store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.old").refreshToken("1000.r")
        .expiresAt(clock.instant()).build());
    zohoTakes = zoho;
    CompletableFuture<ZohoOAuthTokens> own = flights.refresh(user, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    own.get();
  }

  /**
   * Another instance holds {@link #USER}'s lease, taken with {@code leaseTime}; this process's flight is refused and
   * waits; then the holder stores its token. Returns the waiting flight.
   */
  private CompletableFuture<ZohoOAuthTokens> waitingWhileAnotherInstanceStores(Duration leaseTime) {
    RefreshLease other = store.tryLeaseRefresh(USER, leaseTime).orElseThrow();
    CompletableFuture<ZohoOAuthTokens> waiting = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);
    threads.runAll();
    assertTrue(other.complete(other.current().toBuilder().accessToken("1000.new-by-other")
        .expiresAt(clock.instant().plusSeconds(3600)).build()));
    return waiting;
  }

  @Test
  void onAStoreThatCannotTellTheWaiterReadsAboutOneRefreshAfterTheLeaseWasRefused() throws Exception {
    ownRefreshTakes(Duration.ofMillis(300));
    CompletableFuture<ZohoOAuthTokens> waiting = waitingWhileAnotherInstanceStores(settings.leaseTime());

    // the lease's age (real time in this store: the few ms since the lease above) brings the read that little sooner
    threads.advance(Duration.ofMillis(250));
    assertFalse(waiting.isDone(), "no poll at 20, 60 or 140 ms: the holder's answer takes about 300");
    threads.advance(Duration.ofMillis(50));

    assertEquals("1000.new-by-other", waiting.get().accessToken());
  }

  @Test
  void theFirstPollFollowsZohosFastestAnswersNotASlowMoment() throws Exception {
    ownRefreshTakes(Duration.ofMillis(900)); // a busy moment
    ownRefreshTakes(Duration.ofMillis(300)); // Zoho as usual
    CompletableFuture<ZohoOAuthTokens> waiting = waitingWhileAnotherInstanceStores(settings.leaseTime());

    threads.advance(Duration.ofMillis(300));

    assertTrue(waiting.isDone(), "read at 300 ms, not at the mean of 825");
    assertEquals("1000.new-by-other", waiting.get().accessToken());
  }

  @Test
  void aWaiterRefusedLateReadsOneAnswerAfterTheHolderBeganNotAfterItsOwnRefusal() throws Exception {
    ownRefreshTakes(Duration.ofMillis(300));
    // another instance took its lease 250 ms before this one asks: its lease has 250 ms less left than a new one
    CompletableFuture<ZohoOAuthTokens> waiting =
        waitingWhileAnotherInstanceStores(settings.leaseTime().minusMillis(250));

    threads.advance(Duration.ofMillis(60));

    assertTrue(waiting.isDone(), "read about 50 ms after the refusal (300 - 250), not 300");
    assertEquals("1000.new-by-other", waiting.get().accessToken());
  }

  @Test
  void closingFailsTheFlightsStillOpenAndRecordsNoBackoff() {
    CompletableFuture<ZohoOAuthTokens> open = flights.refresh(USER, RefreshTrigger.EXPIRED, NOT_NEW);

    flights.close();

    assertTrue(cause(open).getMessage().contains("the client was closed"), cause(open).getMessage());
    assertEquals(0, asked.get());
  }

  private static Throwable cause(CompletableFuture<?> future) {
    try {
      future.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
