package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.TokenState;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.RefreshTimeoutException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.internal.refresh.RefreshPolicy.Timed;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Hands out access tokens and keeps them fresh: the {@link TokenState FRESH/STALE/EXPIRED} policy over a cache kept
 * coherent with the store ({@link CachedStore}), and refreshes run by {@link RefreshFlights}.
 *
 * <p>The hot path, a cached FRESH token, is a cache hit and a clock read. A STALE token is returned at once while
 * one background refresh runs. An EXPIRED token makes the caller wait for the user's one refresh, at most
 * {@link RefreshSettings#waitTimeout()}.
 */
public final class TokenManager implements AutoCloseable {
  private final RefreshSettings settings;
  private final CachedStore tokens;
  private final RefreshFlights flights;
  private final TokenEvents events;
  private final Predicate<ZohoOAuthTokens> notFresh;
  private final RefusalGuard refusals;
  /** The store's notifications of refreshes stored by other instances, which wake this process's waiters. */
  private final AutoCloseable notifications;

  /**
   * A manager whose refreshes, failures and store outages are told to {@code listeners}, on a thread of its own.
   *
   * @param storeName how messages name the application's store, whatever stands in front of it (the encryption)
   * @param refresher the call to Zoho that gives the tokens a new access token, or throws a typed error
   */
  public TokenManager(TokenPersistenceHandler store, String storeName, UnaryOperator<ZohoOAuthTokens> refresher,
      RefreshSettings settings, List<TokenEventListener> listeners) {
    this(store, storeName, refresher::apply, settings, new TokenEvents(listeners));
  }

  TokenManager(TokenPersistenceHandler store, String storeName, AccessTokenRefresher refresher,
      RefreshSettings settings, TokenEvents events) {
    this.settings = settings;
    this.events = events;
    this.tokens = new CachedStore(store, storeName, settings, events);
    UserSlots slots = new UserSlots();
    this.flights = new RefreshFlights(tokens, refresher, settings, events, slots);
    this.notifications = tokens.onRefreshStored(flights::refreshStoredElsewhere);
    this.notFresh = current -> !settings.policy.isFresh(current, settings.clock.millis());
    this.refusals = new RefusalGuard(settings.ticker, slots);
    new RefreshAhead(tokens, flights, settings, notFresh).start();
  }

  /** How messages name {@code store}: its class's simple name, or its full name for an anonymous class. */
  public static String nameOf(TokenPersistenceHandler store) {
    return CachedStore.nameOf(store);
  }

  /** A usable access token for the user, refreshed first only when it is expired. */
  public String accessToken(String user) {
    Timed entry = tokens.get(user);
    entry.markUsed();
    long now = settings.clock.millis();
    if (entry.isFreshAt(now)) {
      return entry.tokens.accessToken();
    }
    if (entry.isUsableAt(now)) {
      flights.refresh(user, RefreshTrigger.STALE, notFresh);
      return entry.tokens.accessToken();
    }
    return await(user, flights.refresh(user, RefreshTrigger.EXPIRED, notFresh)).accessToken();
  }

  /**
   * Like {@link #accessToken}, without blocking on a refresh: a FRESH or STALE token completes at once, an EXPIRED one
   * when the user's refresh does (at most {@link RefreshSettings#waitTimeout()} later). A cache miss still reads the
   * store in the calling thread.
   */
  public CompletableFuture<String> accessTokenAsync(String user) {
    Timed entry = tokens.get(user);
    entry.markUsed();
    long now = settings.clock.millis();
    if (entry.isUsableAt(now)) {
      if (!entry.isFreshAt(now)) {
        flights.refresh(user, RefreshTrigger.STALE, notFresh);
      }
      return CompletableFuture.completedFuture(entry.tokens.accessToken());
    }
    return bounded(user, flights.refresh(user, RefreshTrigger.EXPIRED, notFresh))
        .thenApply(ZohoOAuthTokens::accessToken);
  }

  /**
   * A valid access token that is not {@code rejected}, which Zoho refused. A token that already replaced it, in this
   * process's cache or in the store (another instance's refresh), is returned with no request to Zoho. Otherwise the
   * user's one refresh runs, joined by every caller that reports the same token, and across instances under the
   * store's lease, whose holder re-reads the store first.
   */
  public String refreshRejected(String user, String rejected) {
    return await(user, refreshRejectedAsync(user, rejected));
  }

  /** {@link #refreshRejected} without blocking on the refresh; bounded by {@link RefreshSettings#waitTimeout()}. */
  public CompletableFuture<String> refreshRejectedAsync(String user, String rejected) {
    events.tokenRejected(user);
    Timed cached = tokens.get(user);
    if (!cached.tokens.accessToken().equals(rejected)) {
      return accessTokenAsync(user); // replaced already; the usual rules decide whether it needs a refresh
    }
    refusals.check(user, rejected);
    return bounded(user, replace(user, rejected, RefreshTrigger.REJECTED, true)).thenApply(replacement -> {
      refusals.replaced(user, replacement.accessToken());
      return replacement.accessToken();
    });
  }

  /**
   * An access token other than the one the user has now, whatever its state: one refresh for every caller that
   * asks while it runs, and across instances under the store's lease, whose holder takes a token stored meanwhile.
   */
  public String forceRefresh(String user) {
    String current = tokens.get(user).tokens.accessToken();
    return await(user, replace(user, current, RefreshTrigger.FORCED, true)).accessToken();
  }

  /**
   * The flight that replaces {@code rejected}. A flight already in flight for the user is joined; it was started for
   * a STALE token and may end with the rejected one (another instance stored it meanwhile), in which case one more
   * flight runs, this time for the rejected token itself.
   */
  private CompletableFuture<ZohoOAuthTokens> replace(String user, String rejected, RefreshTrigger trigger,
      boolean mayRetry) {
    Predicate<ZohoOAuthTokens> stillRejected =
        current -> settings.policy.stillRefused(current, rejected, settings.clock.millis());
    return flights.refresh(user, trigger, stillRejected).thenCompose(result -> {
      if (!result.accessToken().equals(rejected)) {
        return CompletableFuture.completedFuture(result);
      }
      if (mayRetry) {
        return replace(user, rejected, trigger, false);
      }
      return CompletableFuture.failedFuture(new ZohoOAuthException("The refresh of user '" + user + "' ended "
          + "twice with the access token Zoho refused: another writer keeps storing it back. Check what else "
          + "writes this user's tokens.", user, null));
    });
  }

  /** The user's tokens as cached or stored, with no refresh. */
  public ZohoOAuthTokens tokens(String user) {
    return tokens.get(user).tokens;
  }

  /** Where the user's current token stands, by this manager's clock. */
  public TokenState state(String user) {
    return tokens.get(user).stateAt(settings.clock.millis());
  }

  /**
   * Stores new tokens (a grant, tokens given by hand) and forgets any failed refresh of that user. A refresh in flight
   * for the user does not overwrite them: its compare-and-set fails, and its callers get these tokens.
   */
  public void save(ZohoOAuthTokens newTokens) {
    tokens.save(newTokens);
    flights.forgetFailure(newTokens.userIdentifier());
    refusals.forget(newTokens.userIdentifier());
  }

  /** Removes the user's tokens from the store and the cache; a refresh in flight cannot bring them back. */
  public void delete(String user) {
    tokens.delete(user);
    flights.forgetFailure(user);
    refusals.forget(user);
  }

  /** The user's stored tokens, read from the store, bypassing the cache; empty when none. */
  public Optional<ZohoOAuthTokens> storedTokens(String user) {
    return tokens.loadStored(user);
  }

  /**
   * Tells the listeners that the refresh token new tokens of {@code user} replaced could not be revoked: the writes
   * outside the engine (a grant, an import) report through the same listeners as the engine.
   */
  public void replacedTokenNotRevoked(String user, ZohoOAuthException error) {
    events.replacedTokenNotRevoked(user, error);
  }

  /** Whether this process's cache holds the user's tokens now; for tests of what idle users cost. */
  boolean isCached(String user) {
    return tokens.isCached(user);
  }

  /** How many users' tokens are cached in this process, about. */
  public long cachedUsers() {
    return tokens.size();
  }

  /** Every user the store holds tokens for. */
  public List<String> storedUsers() {
    return tokens.storedUsers();
  }

  /** Stops the refresh threads; callers still waiting get an error saying the client was closed. */
  @Override
  public void close() {
    try {
      notifications.close();
    } catch (Exception e) {
      // the store closes with the client anyway
    }
    flights.close();
    events.close();
  }

  /** The flight's result for a caller: at most {@link RefreshSettings#waitTimeout()} away, and typed. */
  private <T> CompletableFuture<T> bounded(String user, CompletableFuture<T> flight) {
    // a copy: the caller's timeout must not complete the flight that other callers share
    return flight.thenApply(result -> result).orTimeout(settings.waitTimeoutNanos, TimeUnit.NANOSECONDS)
        .exceptionally(failure -> {
          throw typed(user, failure instanceof CompletionException ? failure.getCause() : failure);
        });
  }

  /** Waits at most {@link RefreshSettings#waitTimeout()}; the future may be a flight other callers share. */
  private <T> T await(String user, CompletableFuture<T> result) {
    try {
      return result.get(settings.waitTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZohoOAuthInterruptedException("Interrupted while waiting for the refresh of user '" + user + "'. "
          + "The refresh goes on for other callers.", user, e);
    } catch (TimeoutException e) {
      throw typed(user, e);
    } catch (ExecutionException e) {
      throw typed(user, e.getCause());
    }
  }

  private RuntimeException typed(String user, Throwable cause) {
    if (cause instanceof ZohoOAuthException) {
      return (ZohoOAuthException) cause;
    }
    if (cause instanceof TimeoutException) {
      return new RefreshTimeoutException("The refresh of user '" + user + "' did not finish within "
          + TimeUnit.NANOSECONDS.toMillis(settings.waitTimeoutNanos) + " ms (refresh_wait_timeout_ms): Zoho or the "
          + "token store is slow, or many users are being refreshed at once (refresh_max_concurrency). The refresh "
          + "goes on; a later call gets its token.", user);
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new ZohoOAuthException("The refresh of user '" + user + "' failed: " + cause, user, cause);
  }
}
