package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.Ticker;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.RefreshTimeoutException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.internal.refresh.UserSlots.Failure;
import io.github.zohooauth.internal.refresh.UserSlots.Flight;
import io.github.zohooauth.internal.refresh.UserSlots.Slot;
import io.github.zohooauth.spi.RefreshLease;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs refreshes: at most one per user at a time in this process (single flight), at most
 * {@link RefreshSettings#maxConcurrentRefreshes} at once, always on the library's own threads, and under the
 * store's lease so that one instance of a fleet refreshes a user.
 *
 * <p>One flight, step by step:
 * <ol>
 *   <li>Take the store's lease for the user. If another instance holds it, re-read the store after a short pause
 *       (growing up to {@value #MAX_POLL_MILLIS} ms) until its token arrives, or at once when the store tells of it;
 *       once the store has told of a refresh, the polls are only a safety net (from {@value #MAX_POLL_MILLIS} ms,
 *       growing to {@value #MAX_POLL_MILLIS_WHEN_TOLD} ms). Ask for the lease again only once it may have run out.
 *       The pause is a scheduled task: no thread and no connection is held while waiting.</li>
 *   <li>Under the lease, look at the tokens it read: if they no longer need a refresh, another instance did it.</li>
 *   <li>Otherwise ask Zoho, then complete the lease: a fenced compare-and-set, through {@link CachedStore} so that the
 *       cache follows the store.</li>
 * </ol>
 *
 * <p>Why callers never run a refresh: a caller that is interrupted or gives up must fail alone. Callers only wait on
 * the flight's future, with a bound; the flight goes on for the others. After a failure, the user's next refresh
 * waits out a backoff measured on the monotonic {@link Ticker}, so a wall-clock step cannot stretch it.
 */
final class RefreshFlights implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RefreshFlights.class.getName());
  static final long FIRST_POLL_MILLIS = 20;
  static final long MAX_POLL_MILLIS = 250;
  static final long MAX_POLL_MILLIS_WHEN_TOLD = 1_000;

  private final CachedStore tokens;
  /** Whether the store has told of a refresh once: then it tells, and the waiters' polls are only a safety net. */
  private volatile boolean storeTells;
  /**
   * About the fastest Zoho has answered this process's refreshes lately (ms; 0 until one is seen): when another
   * instance refreshes, its token comes no sooner than this after it began, so a waiter's first poll comes then.
   * The fastest, not the mean: answers slowed by a busy moment would make every waiter's first poll late, and a poll
   * that comes a little early costs one read, after which the polls come 20 ms apart, doubling.
   */
  private volatile long observedRefreshMillis;
  private final AccessTokenRefresher refresher;
  private final RefreshSettings settings;
  private final TokenEvents events;
  private final RefreshThreads threads;
  /** Set once by {@link #close}: a failure then is the closing's, not one to back off from. */
  private volatile boolean closed;
  private final UserSlots slots;

  RefreshFlights(CachedStore tokens, AccessTokenRefresher refresher, RefreshSettings settings, TokenEvents events,
      UserSlots slots) {
    this.events = events;
    this.slots = slots;
    this.tokens = tokens;
    this.refresher = refresher;
    this.settings = settings;
    this.threads = settings.threads != null ? settings.threads
        : RefreshThreads.pools(settings.maxConcurrentRefreshes);
  }

  /**
   * The user's refresh: the one in flight, or a new one for tokens that {@code needsRefresh}; an already failed
   * future while the user's last failure is being backed off.
   */
  CompletableFuture<ZohoOAuthTokens> refresh(String user, RefreshTrigger trigger,
      Predicate<ZohoOAuthTokens> needsRefresh) {
    Slot seen = slots.get(user);
    if (seen.flight != null) {
      return seen.flight.result; // the STALE path asks on every call: joining costs one map read
    }
    long now = settings.ticker.read();
    Flight candidate = new Flight(user, trigger, needsRefresh, now);
    // One step decides: join the flight another thread started meanwhile, fail fast while the last failure's backoff
    // holds, or start this flight (an expired failure ends with it). No thread can start a second flight, and none
    // can miss a failure recorded by a flight that just ended: that flight cleared itself in the same step.
    Slot after = slots.update(user, slot -> {
      if (slot.flight != null || slot.failure != null && now - slot.failure.retryAt < 0) {
        return slot;
      }
      return slot.withFailure(null).withFlight(candidate);
    });
    if (after.flight == candidate) {
      submit(candidate);
      return candidate.result;
    }
    return after.flight != null ? after.flight.result : CompletableFuture.failedFuture(after.failure.error);
  }

  /** New tokens were stored by hand or by a grant: a failure of the old ones no longer holds the user back. */
  void forgetFailure(String user) {
    slots.update(user, slot -> slot.withFailure(null));
  }

  /** Stops the threads; flights still open fail with an error that says the client was closed. */
  @Override
  public void close() {
    closed = true;
    threads.shutdown();
    slots.flights().forEach(flight -> flight.result.completeExceptionally(closed(flight.user)));
  }

  /** Runs {@code work} on a refresh thread after {@code delayMillis}; nothing once the client is closed. */
  void later(Runnable work, long delayMillis) {
    try {
      threads.schedule(() -> {
        try {
          threads.execute(work);
        } catch (RejectedExecutionException e) {
          // closed meanwhile
        }
      }, delayMillis);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void submit(Flight flight) {
    try {
      threads.execute(() -> attempt(flight));
    } catch (RejectedExecutionException e) {
      finish(flight, null, closed(flight.user));
    }
  }

  /** The flight ends with tokens another instance (or writer) stored: this process asked Zoho nothing. */
  private void finishByOther(Flight flight) {
    flight.byAnotherInstance = true;
    finish(flight, tokens.reload(flight.user), null);
  }

  private void attempt(Flight flight) {
    String user = flight.user;
    try {
      flight.waitingOnOther = false;
      Optional<RefreshLease> lease = tokens.lease(user, settings.leaseTime);
      if (lease.isEmpty()) {
        // The holder has just begun (else its lease would be gone): a read now would find the old token. The first
        // poll comes after a pause, or at the store's notification.
        flight.refusedAt = settings.ticker.read();
        flight.waitingOnOther = true;
        if (!storeTells) {
          flight.holderBeganMillisAgo = holderBeganMillisAgo(user);
        }
        schedulePoll(flight);
        return;
      }
      try (RefreshLease held = lease.get()) {
        ZohoOAuthTokens current = held.current();
        if (!flight.needsRefresh.test(current)) {
          finishByOther(flight); // another instance refreshed while we queued
          return;
        }
        ZohoOAuthTokens refreshed;
        try {
          long asked = settings.ticker.read();
          refreshed = refresher.refresh(current);
          observe(settings.ticker.read() - asked);
        } catch (RefreshTokenRevokedException e) {
          // A grant or an import that replaced the user's tokens meanwhile revokes the refresh token this flight
          // read: that write is newer than the flight, so its tokens are the answer, not the revocation it caused.
          if (replacedMeanwhile(current)) {
            finishByOther(flight);
            return;
          }
          throw e;
        }
        finish(flight, tokens.complete(held, refreshed), null);
      }
    } catch (Throwable e) {
      finish(flight, null, e);
      if (e instanceof Error) {
        throw (Error) e; // the waiters are released above; the JVM still hears of it
      }
    }
  }

  /**
   * One answer's time into the estimate: a faster answer lowers it at once, a slower one raises it by an eighth of the
   * difference, so that it follows Zoho's fastest answers and still rises, over a dozen answers, when Zoho slows for
   * good. Racing updates may lose one sample, which costs nothing.
   */
  private void observe(long nanos) {
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    long before = observedRefreshMillis;
    observedRefreshMillis = before == 0 || millis < before ? millis : before + (millis - before) / 8;
  }

  /**
   * How long ago the holder of the user's lease began, by what its lease has left (0 when the store cannot say): an
   * instance refused late reads about one Zoho answer after the holder began, not after its own refusal. Assumes
   * the fleet's instances use one lease time, as they share one configuration; where they do not, the first poll is
   * early or late by the difference, and the polls after it find the token all the same.
   */
  private long holderBeganMillisAgo(String user) {
    try {
      return tokens.leaseRemaining(user)
          .map(left -> Math.max(0, settings.leaseTime.toMillis() - left.toMillis())).orElse(0L);
    } catch (ZohoOAuthException e) {
      return 0; // best effort: the polls find the token anyway
    }
  }

  /** Whether the store now holds another refresh token for the user than {@code read}. */
  private boolean replacedMeanwhile(ZohoOAuthTokens read) {
    Optional<ZohoOAuthTokens> now = tokens.loadStored(read.userIdentifier());
    return now.isPresent() && !Objects.equals(now.get().refreshToken(), read.refreshToken());
  }

  /**
   * Another instance holds the lease: re-read until its token is stored. Each poll is one store read; the lease is
   * asked for again only once it may have run out, so a fleet that waits on one holder does not hammer the store.
   */
  private void waitForOtherHolder(Flight flight) {
    Optional<ZohoOAuthTokens> done = tokens.adoptWhenDone(flight.user, flight.needsRefresh);
    if (done.isPresent()) {
      flight.byAnotherInstance = true;
      finish(flight, done.get(), null); // read once, into the cache as read
      return;
    }
    long at = settings.ticker.read();
    long waited = at - flight.startedAt;
    if (waited - 2 * settings.leaseTime.toNanos() > 0) {
      throw new RefreshTimeoutException("Another instance has held the refresh of user '" + flight.user + "' for "
          + TimeUnit.NANOSECONDS.toMillis(waited) + " ms without storing a new token, longer than twice the lease "
          + "(refresh_lease_ms=" + settings.leaseTime.toMillis() + "). Its store does not let the lease run out; "
          + "check the store's lease support.", flight.user);
    }
    if (at - flight.refusedAt - settings.leaseTime.toNanos() >= 0) {
      submit(flight); // the holder's lease may have run out: try to take it over
      return;
    }
    schedulePoll(flight);
  }

  private void schedulePoll(Flight flight) {
    long pause = flight.nextPauseMillis(storeTells, observedRefreshMillis - flight.holderBeganMillisAgo);
    long turn = flight.pollTurn.incrementAndGet();
    try {
      threads.schedule(() -> poll(flight, turn), pause);
    } catch (RejectedExecutionException e) {
      finish(flight, null, closed(flight.user));
    }
  }

  /**
   * The store says another instance stored the user's refreshed tokens: a flight waiting on that holder reads them
   * now rather than at its next poll. Its pending poll is dropped (its turn is taken), and the read it does instead
   * schedules the next one if the token is not there after all, so a lost or early notification costs nothing.
   */
  void refreshStoredElsewhere(String user) {
    storeTells = true;
    Flight flight = slots.get(user).flight;
    if (flight == null || !flight.waitingOnOther || flight.result.isDone()) {
      return; // no flight waits on another holder: nothing to wake
    }
    poll(flight, flight.pollTurn.incrementAndGet());
  }

  private void poll(Flight flight, long turn) {
    try {
      threads.execute(() -> {
        if (flight.pollTurn.get() != turn || flight.result.isDone()) {
          return; // a newer poll (a notification's) took over, or the flight has ended
        }
        try {
          waitForOtherHolder(flight);
        } catch (Throwable e) {
          finish(flight, null, e);
        }
      });
    } catch (RejectedExecutionException e) {
      finish(flight, null, closed(flight.user));
    }
  }

  private void finish(Flight flight, ZohoOAuthTokens result, Throwable failure) {
    if (!flight.finished.compareAndSet(false, true)) {
      return; // a poll and a notification's read both found the token: the first one finished the flight
    }
    String user = flight.user;
    long nanos = settings.ticker.read() - flight.startedAt;
    if (failure == null) {
      slots.update(user, slot -> (slot.flight == flight ? slot.withFlight(null) : slot).withFailure(null));
      // the event first: what a caller does once it has the token (report it rejected, say) comes after it
      events.refreshed(user, flight.trigger, nanos, flight.byAnotherInstance);
      flight.result.complete(result);
      return;
    }
    ZohoOAuthException error = failure instanceof ZohoOAuthException ? (ZohoOAuthException) failure
        : new ZohoOAuthException("The refresh for user '" + user + "' failed unexpectedly: " + failure, user,
            failure);
    Failure backingOff = null;
    if (error instanceof UnknownUserException) {
      tokens.forget(user); // deleted meanwhile, here or by another instance: never served again
    } else if (!closed) {
      long backoff = error instanceof RateLimitedException ? settings.rateLimitBackoffNanos
          : settings.failureBackoffNanos;
      backingOff = new Failure(error, settings.ticker.read() + backoff);
      if (error instanceof RateLimitedException) {
        events.rateLimited(user, backoff);
      }
      LOG.log(Level.WARNING, "refresh for user ''{0}'' failed; no new attempt for {1} ms: {2}", user,
          TimeUnit.NANOSECONDS.toMillis(backoff), error.getMessage());
    }
    Failure recorded = backingOff;
    // The flight ends and its failure is recorded in one step: a caller either joins this flight (and gets its
    // error) or sees the failure, never neither.
    slots.update(user, slot -> {
      Slot ended = slot.flight == flight ? slot.withFlight(null) : slot;
      return recorded != null ? ended.withFailure(recorded) : ended;
    });
    events.refreshFailed(user, flight.trigger, error);
    flight.result.completeExceptionally(error);
  }

  private static ZohoOAuthException closed(String user) {
    return new ZohoOAuthException("The refresh for user '" + user + "' was stopped: the client was closed.", user,
        null);
  }
}
