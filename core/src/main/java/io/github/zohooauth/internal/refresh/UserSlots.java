package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.exception.ZohoOAuthException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Everything the engine knows about one user's refresh, in one slot per user: the flight in progress, the last
 * failure with the time a retry may run, and the last replacement of a refused token. Each change of a slot is one
 * {@link ConcurrentMap#compute} over an immutable {@link Slot}, so no two of these facts can be seen out of step:
 * a caller never finds "no flight" and "no failure" between a failing flight's end and the failure's record (the
 * race two maps had, where only the order of two statements kept it closed).
 *
 * <p>A slot whose three facts are all empty is removed, so the map holds only users with something going on.
 */
final class UserSlots {
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  /** The user's slot now, or the empty one. */
  Slot get(String user) {
    Slot slot = slots.get(user);
    return slot == null ? Slot.EMPTY : slot;
  }

  /**
   * Changes the user's slot in one atomic step and returns the new one. {@code change} may run more than once, so
   * it must have no effect besides its result.
   */
  Slot update(String user, UnaryOperator<Slot> change) {
    Slot updated = slots.compute(user, (key, slot) -> {
      Slot next = change.apply(slot == null ? Slot.EMPTY : slot);
      return next.isEmpty() ? null : next;
    });
    return updated == null ? Slot.EMPTY : updated;
  }

  /** The flights in progress, for closing the client. */
  List<Flight> flights() {
    return slots.values().stream().map(slot -> slot.flight).filter(flight -> flight != null)
        .collect(Collectors.toList());
  }

  /** How many users have a slot (for tests: an idle client holds none). */
  int size() {
    return slots.size();
  }

  /** One user's facts; immutable, each change makes a new one. */
  static final class Slot {
    static final Slot EMPTY = new Slot(null, null, null);

    /** The refresh in progress in this process, or null. */
    final Flight flight;
    /** The last failed refresh, while its backoff may still hold the next one back; or null. */
    final Failure failure;
    /** The last token that replaced a refused one, for the refusal-loop guard; or null. */
    final Replacement replacement;

    private Slot(Flight flight, Failure failure, Replacement replacement) {
      this.flight = flight;
      this.failure = failure;
      this.replacement = replacement;
    }

    Slot withFlight(Flight flight) {
      return new Slot(flight, failure, replacement);
    }

    Slot withFailure(Failure failure) {
      return new Slot(flight, failure, replacement);
    }

    Slot withReplacement(Replacement replacement) {
      return new Slot(flight, failure, replacement);
    }

    boolean isEmpty() {
      return flight == null && failure == null && replacement == null;
    }
  }

  /** One user's refresh in this process, shared by every caller that needs it. */
  static final class Flight {
    final String user;
    final RefreshTrigger trigger;
    final Predicate<ZohoOAuthTokens> needsRefresh;
    final long startedAt;
    final CompletableFuture<ZohoOAuthTokens> result = new CompletableFuture<>();
    /** When the store last refused the lease; written and read by one pool thread at a time. */
    volatile long refusedAt;
    /** Whether the flight waits on another instance's lease, and so may be woken by the store's notification. */
    volatile boolean waitingOnOther;
    /** Set by the pool thread that finishes the flight, before it completes the result. */
    volatile boolean byAnotherInstance;
    /** Set once, by the one thread that finishes the flight: a poll and a notification may both find the token. */
    final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * The poll that may run: each scheduled poll and each notification takes a new number, and a poll whose number
     * is no longer the latest does nothing. So a notification replaces the pending poll instead of adding a chain.
     */
    final java.util.concurrent.atomic.AtomicLong pollTurn = new java.util.concurrent.atomic.AtomicLong();
    private long pauseMillis = RefreshFlights.FIRST_POLL_MILLIS;
    /** Whether the poll timed from the observed refresh time has been scheduled; the next ones back off from 20 ms. */
    private boolean timedPollTaken;
    /** How long before this flight's refusal the holder of the lease began, as the store says; 0 when unknown. */
    volatile long holderBeganMillisAgo;

    Flight(String user, RefreshTrigger trigger,
        Predicate<ZohoOAuthTokens> needsRefresh, long startedAt) {
      this.user = user;
      this.trigger = trigger;
      this.needsRefresh = needsRefresh;
      this.startedAt = startedAt;
    }

    /** The next pause while another instance holds the lease: doubling, up to the longest poll. */
    /**
     * The pause before the next poll: from 20 ms, doubling to 250 ms; when the store is known to tell of refreshes,
     * from 250 ms, doubling to a second, since the notification comes first and a poll is only the safety net.
     */
    long nextPauseMillis(boolean storeTells, long observedRefreshMillis) {
      if (!storeTells && !timedPollTaken && observedRefreshMillis > 0) {
        // A store that cannot tell: the holder's token comes about one refresh after it began (the caller passes
        // what is left of that time, from the lease's age when the store knows it, else from this flight's
        // refusal). Read then, rather than at 20, 60, 140 and 300 ms.
        timedPollTaken = true;
        return Math.max(RefreshFlights.FIRST_POLL_MILLIS, observedRefreshMillis);
      }
      long first = storeTells ? RefreshFlights.MAX_POLL_MILLIS : RefreshFlights.FIRST_POLL_MILLIS;
      long max = storeTells ? RefreshFlights.MAX_POLL_MILLIS_WHEN_TOLD : RefreshFlights.MAX_POLL_MILLIS;
      long pause = Math.min(max, Math.max(first, pauseMillis));
      pauseMillis = Math.min(max, pause * 2);
      return pause;
    }
  }

  /** A failed refresh: its error, and the ticker reading from which a new one may run. */
  static final class Failure {
    final ZohoOAuthException error;
    final long retryAt;

    Failure(ZohoOAuthException error, long retryAt) {
      this.error = error;
      this.retryAt = retryAt;
    }
  }

  /** A token that replaced a refused one: when, how many refusal loops in a row, and the pause they earned. */
  static final class Replacement {
    final String token;
    final long at;
    final int loops;
    final long pausedUntil;

    Replacement(String token, long at, int loops, long pausedUntil) {
      this.token = token;
      this.at = at;
      this.loops = loops;
      this.pausedUntil = pausedUntil;
    }
  }
}
