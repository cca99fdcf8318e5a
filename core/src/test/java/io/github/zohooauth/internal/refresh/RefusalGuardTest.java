package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.NewTokenRefusedException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link RefusalGuard} on a hand-moved ticker: which refusals may refresh, and the pauses a loop earns. */
class RefusalGuardTest {
  private static final String USER = "jane@example.com";

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final UserSlots slots = new UserSlots();
  private final RefusalGuard guard = new RefusalGuard(nanos::get, slots);

  private void advanceSeconds(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void aRefusedTokenThatReplacedNothingAlwaysGetsItsRefresh() {
    assertDoesNotThrow(() -> guard.check(USER, "1000.first"));
    guard.replaced(USER, "1000.second");
    assertDoesNotThrow(() -> guard.check(USER, "1000.first"), "an older token than the replacement");
    assertEquals(1, slots.size());
  }

  @Test
  void aReplacementRefusedWithinTheWindowPausesTheUserAndEachLoopInARowDoublesThePause() {
    guard.replaced(USER, "1000.new");
    advanceSeconds(10);
    NewTokenRefusedException first = assertThrows(NewTokenRefusedException.class, () -> guard.check(USER, "1000.new"));
    assertTrue(first.getMessage().contains("none runs for 60 s"), first.getMessage());

    advanceSeconds(59);
    assertThrows(NewTokenRefusedException.class, () -> guard.check(USER, "1000.other"), "paused for every token");
    advanceSeconds(2);
    assertDoesNotThrow(() -> guard.check(USER, "1000.other"));

    guard.replaced(USER, "1000.newer"); // the loop goes on: refused again at once
    NewTokenRefusedException second = assertThrows(NewTokenRefusedException.class,
        () -> guard.check(USER, "1000.newer"));
    assertTrue(second.getMessage().contains("none runs for 120 s"), second.getMessage());
  }

  @Test
  void aReplacementRefusedAfterTheWindowIsAnOrdinaryRefusal() {
    guard.replaced(USER, "1000.new");
    advanceSeconds(RefusalGuard.WINDOW_SECONDS);
    assertDoesNotThrow(() -> guard.check(USER, "1000.new"));
  }

  @Test
  void newTokensStoredByHandOrAGrantStartTheUserAfreshAndLeaveNoSlot() {
    guard.replaced(USER, "1000.new");
    assertThrows(NewTokenRefusedException.class, () -> guard.check(USER, "1000.new"));

    guard.forget(USER);

    assertDoesNotThrow(() -> guard.check(USER, "1000.new"));
    assertEquals(0, slots.size(), "nothing is kept for a user with nothing going on");
  }
}
