package io.github.zohooauth.internal.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.internal.refresh.RefreshPolicy.Timed;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The token store with a Caffeine cache in front of it, kept coherent: once a write of this process has returned,
 * the cache never holds older tokens than the store.
 *
 * <p>Why a lock per user: a write and its cache update must not interleave with another write of the same user.
 * Without it, a refresh's compare-and-set could land in the store before a grant while its cache update lands
 * after the grant's, leaving the cache older than the store. Every write of a user (save, delete, a refresh's
 * completion, adopting what another instance stored) takes the user's lock for the store call and the cache update
 * together. Reads take no lock: a cache miss loads inside Caffeine's per-key compute, which a concurrent
 * {@code put} waits for, so a load cannot overwrite a newer put. The store's own locks are only ever taken inside
 * one store call, always after this one, so the two cannot deadlock.
 */
final class CachedStore {
  private static final System.Logger LOG = System.getLogger(CachedStore.class.getName());

  /** A table of this many entries costs 64 KiB up front; a larger cache grows past it. */
  private static final int INITIAL_CAPACITY_CAP = 16_384;

  private final TokenPersistenceHandler store;
  private final String storeName;
  private final TokenEvents events;
  private final RefreshPolicy policy;
  private final long lockWaitNanos;
  private final Cache<String, Timed> cache;
  /** Weak values: a user's lock lives while a thread holds it, so idle users cost nothing. */
  private final LoadingCache<String, ReentrantLock> userLocks =
      Caffeine.newBuilder().weakValues().build(user -> new ReentrantLock());

  /** {@code storeName} is how messages call the store: the application's store, whatever stands in front of it. */
  CachedStore(TokenPersistenceHandler store, String storeName, RefreshSettings settings, TokenEvents events) {
    this.events = events;
    this.store = Objects.requireNonNull(store, "store");
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.policy = settings.policy;
    this.lockWaitNanos = settings.waitTimeoutNanos;
    // Sized from the start: a miss loads inside the map's compute, which holds the key's bin, so in a small table
    // the loads of users that share a bin wait on each other, and a resize waits on them all. Profiled in a storm of
    // 1,000 users on 4 instances: callers waited 36 s in all on bins of other users' loads, 44 ms at the median.
    this.cache = Caffeine.newBuilder().initialCapacity(Math.min(settings.cacheSize, INITIAL_CAPACITY_CAP))
        .maximumSize(settings.cacheSize).build();
  }

  /** The user's stored tokens, read from the store past the cache; empty when none. */
  Optional<ZohoOAuthTokens> loadStored(String user) {
    return call("load", user, () -> store.load(user));
  }

  /** The store's refresh lease for the user, when no other holder has it. */
  Optional<RefreshLease> lease(String user, Duration leaseTime) {
    return call("lease", user, () -> store.tryLeaseRefresh(user, leaseTime));
  }

  /** What is left of the lease another instance holds on the user, when the store can say. */
  Optional<Duration> leaseRemaining(String user) {
    return call("lease age", user, () -> store.leaseRemaining(user));
  }

  /** Hears the users whose refreshed tokens another instance stored, when the store can tell. */
  AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    return store.onRefreshStored(listener);
  }

  /** Every user the store holds tokens for. */
  List<String> storedUsers() {
    return call("list", null, () -> {
      try {
        return store.userIdentifiers();
      } catch (UnsupportedOperationException e) {
        throw new ZohoOAuthException("The token store " + storeName + " cannot list its users: it does not "
            + "implement TokenPersistenceHandler.userIdentifiers(). Implement it, or use a store of this project "
            + "(memory, file, jdbc, redis), which all can.", null, e);
      }
    });
  }

  /** The user's tokens from the cache, loaded from the store on a miss. */
  Timed get(String user) {
    Objects.requireNonNull(user, "userIdentifier");
    Timed entry = cache.getIfPresent(user);
    if (entry == null) {
      entry = cache.get(user, key -> call("load", key, () -> store.load(key)).map(policy::timed).orElse(null));
      if (entry == null) {
        throw new UnknownUserException(user);
      }
    }
    return entry;
  }

  void save(ZohoOAuthTokens tokens) {
    String user = tokens.userIdentifier();
    underUserLock(user, () -> {
      call("save", user, () -> {
        store.save(tokens);
        return null;
      });
      cache.put(user, policy.timed(tokens));
      return null;
    });
  }

  void delete(String user) {
    underUserLock(user, () -> {
      call("delete", user, () -> {
        store.delete(user);
        return null;
      });
      cache.invalidate(user);
      return null;
    });
  }

  /**
   * Stores a refresh through its lease. When a write came first (a grant, a delete, another instance), the refresh
   * is discarded and what is stored now wins. When the store failed, the new token is still good (Zoho never
   * rotates refresh tokens, so the stored ones stay valid): it is cached and used, and a warning says the store lags.
   */
  ZohoOAuthTokens complete(RefreshLease lease, ZohoOAuthTokens refreshed) {
    String user = refreshed.userIdentifier();
    return underUserLock(user, () -> {
      boolean stored;
      try {
        stored = lease.complete(refreshed);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "new access token for user ''{0}'' could not be saved; it is used from memory: {1}",
            user, e.getMessage());
        events.storeSaveFailed(user, e);
        cache.put(user, policy.timed(refreshed));
        return refreshed;
      }
      if (stored) {
        cache.put(user, policy.timed(refreshed));
        return refreshed;
      }
      LOG.log(Level.DEBUG, "refresh of user ''{0}'' discarded: the stored tokens changed meanwhile", user);
      return reloadLocked(user);
    });
  }

  /**
   * A waiter's poll: what the store holds now, taken into the cache and returned when it no longer
   * {@code needsRefresh} (another instance's refresh), else empty. One read, under the user's lock, so that it can
   * go into the cache as read: no write of this process lands between the read and the cache update.
   *
   * @throws UnknownUserException when the user was deleted meanwhile
   */
  Optional<ZohoOAuthTokens> adoptWhenDone(String user, java.util.function.Predicate<ZohoOAuthTokens> needsRefresh) {
    return underUserLock(user, () -> {
      ZohoOAuthTokens now = storedOrForgotten(user);
      if (needsRefresh.test(now)) {
        return Optional.empty();
      }
      cache.put(user, policy.timed(now));
      return Optional.of(now);
    });
  }

  /** Reads what the store holds now into the cache (another instance's refresh, say) and returns it. */
  ZohoOAuthTokens reload(String user) {
    return underUserLock(user, () -> reloadLocked(user));
  }

  /** How many users' tokens the cache holds, about. */
  long size() {
    return cache.estimatedSize();
  }

  /** Drops the user from the cache; always safe, as the next read goes to the store. */
  void forget(String user) {
    cache.invalidate(user);
  }

  boolean isCached(String user) {
    return cache.getIfPresent(user) != null;
  }

  /** Drops the user's {@code entry} from the cache, unless another has replaced it meanwhile. */
  void forget(String user, Timed entry) {
    cache.asMap().remove(user, entry);
  }

  /** Each cached user with their tokens, as the cache holds them while the walk passes (no store call). */
  void forEachCached(java.util.function.BiConsumer<String, Timed> action) {
    cache.asMap().forEach(action);
  }

  /**
   * Runs a store call named {@code name} (load, save, delete, lease, list), turning anything but this library's own
   * errors into a {@link TokenStoreException}, and tells the events how it went.
   */
  <T> T call(String name, String user, Supplier<T> operation) {
    T result;
    try {
      result = operation.get();
    } catch (ZohoOAuthException e) {
      if (e instanceof TokenStoreException) {
        events.storeCall(name, (TokenStoreException) e);
      }
      throw e;
    } catch (RuntimeException e) {
      TokenStoreException failure = new TokenStoreException("The token store " + storeName() + " failed"
          + (user == null ? "" : " for user '" + user + "'") + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ". The stored tokens were not changed.", user, e);
      events.storeCall(name, failure);
      throw failure;
    }
    events.storeCall(name, null);
    return result;
  }

  /** A store's class as a reader knows it: its simple name, or its full name for an anonymous class. */
  static String nameOf(TokenPersistenceHandler store) {
    Class<?> type = store.getClass();
    return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
  }

  private String storeName() {
    return storeName;
  }

  private ZohoOAuthTokens reloadLocked(String user) {
    ZohoOAuthTokens now = storedOrForgotten(user);
    cache.put(user, policy.timed(now));
    return now;
  }

  /** What the store holds for the user; a user deleted meanwhile is dropped from the cache too. Under its lock. */
  private ZohoOAuthTokens storedOrForgotten(String user) {
    Optional<ZohoOAuthTokens> now = call("load", user, () -> store.load(user));
    if (now.isEmpty()) {
      cache.invalidate(user);
      throw new UnknownUserException(user);
    }
    return now.get();
  }

  private <T> T underUserLock(String user, Supplier<T> action) {
    ReentrantLock lock = userLocks.get(user);
    try {
      if (!lock.tryLock(lockWaitNanos, TimeUnit.NANOSECONDS)) {
        throw new TokenStoreException("Another write of user '" + user + "' in this application did not finish "
            + "within " + TimeUnit.NANOSECONDS.toMillis(lockWaitNanos) + " ms (refresh_wait_timeout_ms): the token "
            + "store " + storeName() + " is answering slowly. Nothing was changed.", user, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZohoOAuthInterruptedException("Interrupted while waiting to write the tokens of user '" + user
          + "'. Nothing was changed.", user, e);
    }
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
