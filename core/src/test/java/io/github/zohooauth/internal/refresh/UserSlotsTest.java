package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.internal.refresh.UserSlots.Failure;
import io.github.zohooauth.internal.refresh.UserSlots.Flight;
import io.github.zohooauth.internal.refresh.UserSlots.Replacement;
import io.github.zohooauth.internal.refresh.UserSlots.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link UserSlots}: one user's facts change together, and a user with none holds no memory. */
class UserSlotsTest {
  private static final String USER = "jane@example.com";

  private final UserSlots slots = new UserSlots();

  @Test
  void aFlightThatEndsWithAFailureLeavesTheFailureInTheSameStep() {
    Flight flight = new Flight(USER, RefreshTrigger.EXPIRED, tokens -> true, 0);
    slots.update(USER, slot -> slot.withFlight(flight));
    Failure failed = new Failure(new ZohoOAuthException("down"), 5);

    Slot after = slots.update(USER, slot -> slot.withFlight(null).withFailure(failed));

    assertNull(after.flight);
    assertSame(failed, slots.get(USER).failure);
  }

  @Test
  void aSlotWithNothingInItIsRemoved() {
    slots.update(USER, slot -> slot.withReplacement(new Replacement("1000.a", 0, 0, 0)));
    assertEquals(1, slots.size());

    slots.update(USER, slot -> slot.withReplacement(null));

    assertEquals(0, slots.size());
    assertSame(Slot.EMPTY, slots.get(USER));
  }

  @Test
  void concurrentChangesOfOneUserAreNeverLost() throws Exception {
    int threads = 8;
    int changes = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < changes; i++) {
            slots.update(USER, slot -> slot.withReplacement(new Replacement("1000.a", 0,
                slot.replacement == null ? 1 : slot.replacement.loops + 1, 0)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * changes, slots.get(USER).replacement.loops, "each change saw the one before it");
  }
}
