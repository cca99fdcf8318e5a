package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.TokenState;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshAhead} on {@link ManualThreads} and a {@link FakeClock}: who is refreshed with no caller in the
 * window, who is let go, and that a failure is not retried sweep after sweep. The day-long picture is
 * {@link SimulatedDayTest}.
 */
class RefreshAheadTest {
  private static final String USER = "jane@example.com";
  private static final Duration SWEEP = Duration.ofMillis(RefreshAhead.MAX_PERIOD_MILLIS);

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualThreads threads = new ManualThreads(clock);
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private final AtomicInteger asked = new AtomicInteger();
  private boolean revoked;
  private final TokenManager manager = new TokenManager(store, "memory", stale -> {
    asked.incrementAndGet();
    if (revoked) {
      throw new RefreshTokenRevokedException(stale.userIdentifier());
    }
    return stale.toBuilder().accessToken("1000.new" + asked.get()).expiresAt(clock.instant().plusSeconds(3600))
        .build();
  }, RefreshSettings.builder().clock(clock).ticker(clock::nanoTime).threads(threads).build(), TokenEvents.none());

  RefreshAheadTest() {
    manager.save(ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.old").refreshToken("1000.r")
        .expiresAt(clock.instant().plus(Duration.ofMinutes(10))).build());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Moves the clock by whole sweeps, each run as it falls due. */
  private void sweeps(int count) {
    for (int i = 0; i < count; i++) {
      threads.advance(SWEEP);
    }
  }

  @Test
  void aUserWhoCalledIsRefreshedEarlyInTheWindowThoughNoCallerSeesItStale() {
    assertEquals("1000.old", manager.accessToken(USER), "a call while FRESH");
    sweeps(9); // 4.5 minutes: the token is FRESH until 5
    assertEquals(0, asked.get(), "nothing before the window");

    sweeps(1);

    assertEquals(1, asked.get(), "refreshed at the first sweep inside the window, with no call in it");
    assertEquals("1000.new1", store.load(USER).orElseThrow().accessToken());
    assertEquals(TokenState.FRESH, manager.state(USER));
    sweeps(20);
    assertEquals(1, asked.get(), "the new token has had no caller: it is not refreshed again");
  }

  @Test
  void aUserWhoDidNotCallDuringTheTokensLifeIsNotRefreshedAndLeavesTheCache() {
    assertTrue(manager.isCached(USER), "saved tokens are cached");
    sweeps(11);

    assertEquals(0, asked.get(), "no caller asked for this token: no request to Zoho");
    assertFalse(manager.isCached(USER), "let go once stale");
    assertEquals("1000.old", manager.accessToken(USER), "the next call reads the store; the token is STALE");
    threads.runAll();
    assertEquals(1, asked.get(), "and that call refreshes it in the background, as before");
  }

  @Test
  void aRefreshAheadThatFailsIsNotRetriedBySweeps() {
    revoked = true;
    manager.accessToken(USER);
    sweeps(30);

    assertEquals(1, asked.get(), "one request to Zoho for a dead token, not one per sweep");
    assertEquals(List.of(USER), manager.storedUsers(), "nothing stored was lost");
  }
}
