package io.github.zohooauth.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands out access tokens and keeps them fresh: a Caffeine cache in front of the store, the
 * {@link TokenState FRESH/STALE/EXPIRED} policy, one refresh per user at a time in this JVM (single flight), and the
 * store's {@link TokenPersistenceHandler#refreshUnderLock lock} for one refresh per user across processes.
 *
 * <p>The hot path, a cached FRESH token, is a cache hit and a clock read. After a failed refresh, further refreshes
 * of that user wait out a short backoff (longer after a rate-limit answer) and callers that need one get the same
 * error at once: a broken user cannot turn every call into a request to Zoho.
 */
public final class TokenManager {
  private static final System.Logger LOG = System.getLogger(TokenManager.class.getName());

  private final TokenPersistenceHandler store;
  private final AccessTokenRefresher refresher;
  private final RefreshPolicy policy;
  private final Clock clock;
  private final Executor backgroundRefreshes;
  private final long failureBackoffMillis;
  private final long rateLimitBackoffMillis;
  private final Cache<String, CachedTokens> cache;
  private final Function<String, CachedTokens> loadFromStore;
  private final ConcurrentMap<String, CompletableFuture<CachedTokens>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, FailedRefresh> recentFailures = new ConcurrentHashMap<>();

  public TokenManager(TokenPersistenceHandler store, AccessTokenRefresher refresher, RefreshPolicy policy,
      Clock clock, Executor backgroundRefreshes, int cacheSize, Duration failureBackoff, Duration rateLimitBackoff) {
    this.store = Objects.requireNonNull(store, "store");
    this.refresher = Objects.requireNonNull(refresher, "refresher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backgroundRefreshes = Objects.requireNonNull(backgroundRefreshes, "backgroundRefreshes");
    this.failureBackoffMillis = failureBackoff.toMillis();
    this.rateLimitBackoffMillis = rateLimitBackoff.toMillis();
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    this.loadFromStore = user -> readStore(user, () -> store.load(user)).map(this::entry).orElse(null);
  }

  /** A usable access token for the user, refreshed first only when it is expired. */
  public String accessToken(String user) {
    CachedTokens entry = cached(user);
    long now = clock.millis();
    if (now < entry.staleAt) {
      return entry.tokens.accessToken();
    }
    if (now < entry.expiredAt) {
      refresh(user, true);
      return entry.tokens.accessToken();
    }
    return await(refresh(user, false)).tokens.accessToken();
  }

  /** The user's tokens as cached or stored, with no refresh. */
  public ZohoOAuthTokens tokens(String user) {
    return cached(user).tokens;
  }

  /** Where the user's current token stands, by this manager's clock. */
  public TokenState state(String user) {
    return policy.stateAt(cached(user).tokens, clock.instant());
  }

  /** Stores new tokens (a grant, tokens given by hand) and forgets any failed refresh of that user. */
  public void save(ZohoOAuthTokens tokens) {
    readStore(tokens.userIdentifier(), () -> {
      store.save(tokens);
      return null;
    });
    recentFailures.remove(tokens.userIdentifier());
    cache.put(tokens.userIdentifier(), entry(tokens));
  }

  /** Removes the user's tokens from the store and the cache. */
  public void delete(String user) {
    readStore(user, () -> {
      store.delete(user);
      return null;
    });
    recentFailures.remove(user);
    cache.invalidate(user);
  }

  /** The user's stored tokens, read from the store, bypassing the cache; empty when none. */
  public Optional<ZohoOAuthTokens> storedTokens(String user) {
    return readStore(user, () -> store.load(user));
  }

  /** Every user the store holds tokens for. */
  public List<String> storedUsers() {
    return readStore(null, store::userIdentifiers);
  }

  private CachedTokens cached(String user) {
    Objects.requireNonNull(user, "userIdentifier");
    CachedTokens entry = cache.getIfPresent(user);
    if (entry == null) {
      entry = cache.get(user, loadFromStore);
      if (entry == null) {
        throw new UnknownUserException(user);
      }
    }
    return entry;
  }

  private CompletableFuture<CachedTokens> refresh(String user, boolean inBackground) {
    CompletableFuture<CachedTokens> flight = inFlight.get(user);
    if (flight != null) {
      return flight;
    }
    FailedRefresh failure = recentFailures.get(user);
    if (failure != null && clock.millis() < failure.retryAt) {
      return CompletableFuture.failedFuture(failure.error);
    }
    CompletableFuture<CachedTokens> mine = new CompletableFuture<>();
    flight = inFlight.putIfAbsent(user, mine);
    if (flight != null) {
      return flight;
    }
    Runnable work = () -> runRefresh(user, mine);
    if (inBackground) {
      try {
        backgroundRefreshes.execute(work);
      } catch (RejectedExecutionException e) {
        inFlight.remove(user, mine);
        mine.completeExceptionally(e);
        LOG.log(Level.WARNING, "background refresh for user ''{0}'' was not started: the executor refused it", user);
      }
    } else {
      work.run();
    }
    return mine;
  }

  private void runRefresh(String user, CompletableFuture<CachedTokens> flight) {
    try {
      CachedTokens entry = entry(refreshThroughStore(user));
      cache.put(user, entry);
      recentFailures.remove(user);
      flight.complete(entry);
    } catch (Throwable e) {
      ZohoOAuthException error = e instanceof ZohoOAuthException ? (ZohoOAuthException) e
          : new ZohoOAuthException("The refresh for user '" + user + "' failed unexpectedly: " + e, user, e);
      long backoff = error instanceof RateLimitedException ? rateLimitBackoffMillis : failureBackoffMillis;
      recentFailures.put(user, new FailedRefresh(error, clock.millis() + backoff));
      LOG.log(Level.WARNING, "refresh for user ''{0}'' failed; no new attempt for {1} ms: {2}", user, backoff,
          error.getMessage());
      flight.completeExceptionally(error);
      if (e instanceof Error) {
        throw (Error) e; // waiters are released above; the JVM still hears of it
      }
    } finally {
      inFlight.remove(user, flight);
    }
  }

  /**
   * Refreshes under the store's lock. When Zoho answered but the store then failed to save, the new token is still
   * good: it is cached and used (the stored refresh token, which Zoho never rotates, stays valid), and a warning
   * says the store lags.
   */
  private ZohoOAuthTokens refreshThroughStore(String user) {
    ZohoOAuthTokens[] refreshed = new ZohoOAuthTokens[1];
    try {
      return store.refreshUnderLock(user, current -> {
        if (policy.stateAt(current, clock.instant()) == TokenState.FRESH) {
          return current; // another process or client refreshed it while we waited for the lock
        }
        refreshed[0] = refresher.refresh(current);
        return refreshed[0];
      });
    } catch (RuntimeException e) {
      if (refreshed[0] != null && !(e instanceof UnknownUserException)) {
        LOG.log(Level.WARNING, "new access token for user ''{0}'' could not be saved; it is used from memory: {1}",
            user, e.getMessage());
        return refreshed[0];
      }
      throw e instanceof ZohoOAuthException ? (ZohoOAuthException) e : storeFailure(user, e);
    }
  }

  private static CachedTokens await(CompletableFuture<CachedTokens> flight) {
    try {
      return flight.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private <T> T readStore(String user, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (ZohoOAuthException | UnsupportedOperationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw storeFailure(user, e);
    }
  }

  private TokenStoreException storeFailure(String user, RuntimeException e) {
    return new TokenStoreException("The token store " + store.getClass().getSimpleName() + " failed"
        + (user == null ? "" : " for user '" + user + "'") + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + ". The stored tokens were not changed.", user, e);
  }

  private CachedTokens entry(ZohoOAuthTokens tokens) {
    return new CachedTokens(tokens, policy.staleAtMillis(tokens), policy.expiredAtMillis(tokens));
  }

  /** Tokens with their state boundaries worked out once, so the hot path compares two longs. */
  private static final class CachedTokens {
    final ZohoOAuthTokens tokens;
    final long staleAt;
    final long expiredAt;

    CachedTokens(ZohoOAuthTokens tokens, long staleAt, long expiredAt) {
      this.tokens = tokens;
      this.staleAt = staleAt;
      this.expiredAt = expiredAt;
    }
  }

  private static final class FailedRefresh {
    final ZohoOAuthException error;
    final long retryAt;

    FailedRefresh(ZohoOAuthException error, long retryAt) {
      this.error = error;
      this.retryAt = retryAt;
    }
  }
}
