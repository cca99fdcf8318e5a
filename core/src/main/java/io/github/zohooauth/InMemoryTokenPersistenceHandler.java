package io.github.zohooauth;

import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.AbstractRefreshLease;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
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
 * It lives in core's API, beside the client, so that the client can be built and tested with no store module; it is
 * the reference implementation of the {@link TokenPersistenceHandler} SPI. The {@code persistence-memory} artifact
 * registers it as provider {@code memory}.
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
    Lease[] mine = {null};
    // The tokens are read once the lease is ours, under the lease map's lock for the user, where a holder's
    // completion also runs: a holder that has just stored and let go is seen with its new token. Read before, they
    // could be the ones that holder replaced, and this lease would refresh them again, spending a request at Zoho
    // that the completion's compare-and-set would then throw away.
    leases.compute(userIdentifier, (user, held) -> {
      if (held != null && held.endsAt - now >= 0) {
        return held;
      }
      ZohoOAuthTokens current = tokens.get(userIdentifier);
      if (current == null) {
        return held;
      }
      mine[0] = new Lease(current, now + leaseTime.toNanos());
      return mine[0];
    });
    if (mine[0] == null && !tokens.containsKey(userIdentifier)) {
      throw new UnknownUserException(userIdentifier);
    }
    return Optional.ofNullable(mine[0]);
  }

  @Override
  public Optional<Duration> leaseRemaining(String userIdentifier) {
    Lease held = leases.get(userIdentifier);
    long left = held == null ? -1 : held.endsAt - System.nanoTime();
    return left < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(left));
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

  private final class Lease extends AbstractRefreshLease {
    final long endsAt;

    Lease(ZohoOAuthTokens current, long endsAt) {
      super(current);
      this.endsAt = endsAt;
    }

    @Override
    protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
      boolean[] stored = {false};
      // The check of the lease and the compare-and-set happen under the lease map's lock for the user, so a holder
      // whose lease ran out and was taken over cannot store.
      leases.computeIfPresent(current.userIdentifier(), (key, held) -> {
        if (held == this) {
          stored[0] = replace(current, refreshed);
        }
        return held;
      });
      return stored[0];
    }

    @Override
    protected void release(boolean stored) {
      leases.remove(current().userIdentifier(), this);
    }
  }
}
