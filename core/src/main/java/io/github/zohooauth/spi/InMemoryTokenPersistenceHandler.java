package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.UnknownUserException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps tokens in this process only: for tests and for single-instance apps that can re-authorize after a restart.
 * It lives in core, beside the SPI it is the reference for, so that the client can be built and tested with no
 * store module; the {@code persistence-memory} artifact registers it as provider {@code memory}.
 */
public final class InMemoryTokenPersistenceHandler implements TokenPersistenceHandler {
  private final ConcurrentMap<String, ZohoOAuthTokens> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> userLocks = new ConcurrentHashMap<>();

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    return Optional.ofNullable(tokens.get(userIdentifier));
  }

  @Override
  public void save(ZohoOAuthTokens newTokens) {
    Objects.requireNonNull(newTokens, "tokens");
    tokens.put(newTokens.userIdentifier(), newTokens);
  }

  @Override
  public void delete(String userIdentifier) {
    tokens.remove(userIdentifier);
  }

  /** Runs under a per-user lock, so one refresh per user even when several clients share this store. */
  @Override
  public ZohoOAuthTokens refreshUnderLock(String userIdentifier, StaleTokenRefresher refresh) {
    // A lock object per user, not ConcurrentHashMap.compute: the refresh is an HTTP call, and compute would block
    // every other user hashed to the same bin for its whole duration.
    synchronized (userLocks.computeIfAbsent(userIdentifier, user -> new Object())) {
      ZohoOAuthTokens current = load(userIdentifier).orElseThrow(() -> new UnknownUserException(userIdentifier));
      return StaleTokenRefresher.refreshAndSave(this, current, refresh);
    }
  }

  @Override
  public List<String> userIdentifiers() {
    List<String> users = new ArrayList<>(tokens.keySet());
    Collections.sort(users);
    return users;
  }

  /** How many users have tokens stored. */
  public int size() {
    return tokens.size();
  }

  @Override
  public String toString() {
    return "InMemoryTokenPersistenceHandler{users=" + tokens.size() + "}";
  }
}
