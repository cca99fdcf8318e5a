package io.github.zohooauth.refresh;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.RefreshTimeoutException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.refresh.CachedStore.Entry;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

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
  private final Predicate<ZohoOAuthTokens> notFresh;

  public TokenManager(TokenPersistenceHandler store, AccessTokenRefresher refresher, RefreshSettings settings) {
    this.settings = settings;
    this.tokens = new CachedStore(store, settings);
    this.flights = new RefreshFlights(tokens, refresher, settings);
    this.notFresh = current -> settings.policy.stateAt(current, settings.clock.instant()) != TokenState.FRESH;
  }

  /** A usable access token for the user, refreshed first only when it is expired. */
  public String accessToken(String user) {
    Entry entry = tokens.get(user);
    long now = settings.clock.millis();
    if (now < entry.staleAt) {
      return entry.tokens.accessToken();
    }
    if (now < entry.expiredAt) {
      flights.refresh(user, notFresh);
      return entry.tokens.accessToken();
    }
    return await(user, flights.refresh(user, notFresh)).accessToken();
  }

  /** The user's tokens as cached or stored, with no refresh. */
  public ZohoOAuthTokens tokens(String user) {
    return tokens.get(user).tokens;
  }

  /** Where the user's current token stands, by this manager's clock. */
  public TokenState state(String user) {
    return settings.policy.stateAt(tokens.get(user).tokens, settings.clock.instant());
  }

  /**
   * Stores new tokens (a grant, tokens given by hand) and forgets any failed refresh of that user. A refresh in flight
   * for the user does not overwrite them: its compare-and-set fails, and its callers get these tokens.
   */
  public void save(ZohoOAuthTokens newTokens) {
    tokens.save(newTokens);
    flights.forgetFailure(newTokens.userIdentifier());
  }

  /** Removes the user's tokens from the store and the cache; a refresh in flight cannot bring them back. */
  public void delete(String user) {
    tokens.delete(user);
    flights.forgetFailure(user);
  }

  /** The user's stored tokens, read from the store, bypassing the cache; empty when none. */
  public Optional<ZohoOAuthTokens> storedTokens(String user) {
    return tokens.call(user, () -> tokens.store().load(user));
  }

  /** Every user the store holds tokens for. */
  public List<String> storedUsers() {
    return tokens.call(null, tokens.store()::userIdentifiers);
  }

  /** Stops the refresh threads; callers still waiting get an error saying the client was closed. */
  @Override
  public void close() {
    flights.close();
  }

  private ZohoOAuthTokens await(String user, CompletableFuture<ZohoOAuthTokens> flight) {
    try {
      return flight.get(settings.waitTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZohoOAuthInterruptedException("Interrupted while waiting for the refresh of user '" + user + "'. "
          + "The refresh goes on for other callers.", user, e);
    } catch (TimeoutException e) {
      throw new RefreshTimeoutException("The refresh of user '" + user + "' did not finish within "
          + TimeUnit.NANOSECONDS.toMillis(settings.waitTimeoutNanos) + " ms (refresh_wait_timeout_ms): Zoho or the "
          + "token store is slow, or many users are being refreshed at once (refresh_max_concurrency). The refresh "
          + "goes on; a later call gets its token.", user);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ZohoOAuthException) {
        throw (ZohoOAuthException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new ZohoOAuthException("The refresh of user '" + user + "' failed: " + cause, user, cause);
    }
  }
}
