package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.UnknownUserException;
import java.time.Duration;
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
 *
 * <p>It implements the whole contract: {@link #replace} is an atomic compare-and-set, and leases exclude every other
 * client sharing this instance until they are completed, closed or run out.
 */
public final class InMemoryTokenPersistenceHandler implements TokenPersistenceHandler {
  private final ConcurrentMap<String, ZohoOAuthTokens> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

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

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    if (!expected.userIdentifier().equals(replacement.userIdentifier())) {
      throw new IllegalArgumentException("expected and replacement tokens are for different users");
    }
    return tokens.replace(expected.userIdentifier(), expected, replacement);
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    long now = System.nanoTime();
    Lease mine = new Lease(userIdentifier, now + leaseTime.toNanos());
    Lease holder = leases.compute(userIdentifier, (user, held) -> held == null || held.endsAt - now < 0 ? mine : held);
    if (holder != mine) {
      return Optional.empty();
    }
    ZohoOAuthTokens current = tokens.get(userIdentifier);
    if (current == null) {
      mine.close();
      throw new UnknownUserException(userIdentifier);
    }
    mine.current = current;
    return Optional.of(mine);
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

  private final class Lease implements RefreshLease {
    final String user;
    final long endsAt;
    volatile ZohoOAuthTokens current;

    Lease(String user, long endsAt) {
      this.user = user;
      this.endsAt = endsAt;
    }

    @Override
    public ZohoOAuthTokens current() {
      return current;
    }

    @Override
    public boolean complete(ZohoOAuthTokens refreshed) {
      boolean[] stored = {false};
      // The check of the lease and the compare-and-set happen under the lease map's lock for the user, so a holder
      // whose lease ran out and was taken over cannot store.
      leases.computeIfPresent(user, (key, held) -> {
        if (held != this) {
          return held;
        }
        stored[0] = replace(current, refreshed);
        return null;
      });
      return stored[0];
    }

    @Override
    public void close() {
      leases.remove(user, this);
    }
  }
}
