package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.internal.refresh.RefreshPolicy.Timed;
import java.lang.System.Logger.Level;
import java.util.function.Predicate;

/**
 * Refreshes the users who call before their token expires, whether or not they call again inside the refresh
 * window, and lets go of those who stopped calling.
 *
 * <p>Why: a STALE token is refreshed when a caller sees it, but a user who calls every few minutes can miss the
 * window (4 minutes by default) and their next caller waits on Zoho. Every sweep, the cache is
 * walked once:
 * <ul>
 *   <li>a token that is no longer FRESH and that a caller of this process asked for is refreshed in the background,
 *       once (a failed refresh ahead is left to callers, with their backoff, so a dead token costs Zoho no request
 *       per sweep);</li>
 *   <li>a token that no caller of this process asked for in its whole life is dropped from the cache. The user's
 *       next call reads the store, which holds the token another instance refreshed, if any. A user who stops
 *       calling costs, after their last call, at most one refresh, and no memory once their token is stale.</li>
 * </ul>
 * In a fleet, each instance that served the user refreshes ahead; the store's lease makes it one request to Zoho,
 * as for callers. The sweep is a walk over the cache on a refresh thread, about 20 ns per user; the timer only hands
 * it over.
 */
final class RefreshAhead {
  private static final System.Logger LOG = System.getLogger(RefreshAhead.class.getName());
  /** The longest pause between sweeps: a refresh ahead starts at most this late in the window. */
  static final long MAX_PERIOD_MILLIS = 30_000;
  static final long MIN_PERIOD_MILLIS = 1_000;

  private final CachedStore tokens;
  private final RefreshFlights flights;
  private final RefreshSettings settings;
  private final Predicate<ZohoOAuthTokens> notFresh;
  private final long periodMillis;

  RefreshAhead(CachedStore tokens, RefreshFlights flights, RefreshSettings settings,
      Predicate<ZohoOAuthTokens> notFresh) {
    this.tokens = tokens;
    this.flights = flights;
    this.settings = settings;
    this.notFresh = notFresh;
    // four sweeps per STALE window, so that the refresh starts early in it even when Zoho is slow
    long staleWindow = settings.policy.staleWindowMillis();
    this.periodMillis = Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS, staleWindow / 4));
  }

  /** Schedules the sweeps, one after the other, until the client closes. */
  void start() {
    flights.later(() -> {
      try {
        sweep();
      } finally {
        start();
      }
    }, periodMillis);
  }

  /** One walk over the cache. */
  void sweep() {
    long now = settings.clock.millis();
    tokens.forEachCached((user, entry) -> {
      if (entry.isFreshAt(now)) {
        return;
      }
      if (!entry.used()) {
        tokens.forget(user, entry);
      } else if (entry.takeRefreshAhead()) {
        LOG.log(Level.DEBUG, "refreshing user ''{0}'' ahead", user);
        flights.refresh(user, entry.isUsableAt(now) ? RefreshTrigger.STALE : RefreshTrigger.EXPIRED, notFresh);
      }
    });
  }
}
