package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A store as its provider makes it ({@code bench_counted_persistence}), counting the calls the client makes to it
 * for the storm's user (the warm-up users are not counted); when it closes it appends them to
 * {@code bench_count_file}, one line per JVM. With {@code bench_store_tells=false} it drops the store's
 * notifications: the baseline in which waiting instances only poll. Named by {@code persistence_handler_class} in the
 * child JVMs of the waiter measure.
 */
public final class CountingStore implements TokenPersistenceHandler {
  static final String PROVIDER = "bench_counted_persistence";
  static final String FILE = "bench_count_file";
  /** {@code false}: the store's notifications are dropped, and waiting instances learn of a refresh by polling. */
  static final String TELLS = "bench_store_tells";

  private final TokenPersistenceHandler store;
  private final Path file;
  private final boolean tells;
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong leases = new AtomicLong();
  private final AtomicLong completions = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  public CountingStore(ConfigValues config) {
    String name = config.require(PROVIDER, "the provider whose store this counts");
    this.file = Paths.get(config.require(FILE, "where the counts go"));
    this.tells = config.getBoolean(TELLS, true);
    this.store = ServiceLoader.load(TokenPersistenceProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(candidate -> candidate.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no provider " + name)).create(config);
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    if (userIdentifier.startsWith("warm")) {
      return store.load(userIdentifier); // the warm-up users are not the storm's
    }
    loads.incrementAndGet();
    return store.load(userIdentifier);
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    writes.incrementAndGet();
    store.save(tokens);
  }

  @Override
  public void delete(String userIdentifier) {
    writes.incrementAndGet();
    store.delete(userIdentifier);
  }

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    writes.incrementAndGet();
    return store.replace(expected, replacement);
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    Optional<RefreshLease> lease = store.tryLeaseRefresh(userIdentifier, leaseTime);
    if (userIdentifier.startsWith("warm")) {
      return lease;
    }
    leases.incrementAndGet();
    return lease.map(held -> new RefreshLease() {
      @Override
      public ZohoOAuthTokens current() {
        return held.current();
      }

      @Override
      public boolean complete(ZohoOAuthTokens refreshed) {
        completions.incrementAndGet();
        return held.complete(refreshed);
      }

      @Override
      public void close() {
        held.close();
      }
    });
  }

  @Override
  public List<String> userIdentifiers() {
    return store.userIdentifiers();
  }

  @Override
  public String namespace() {
    return store.namespace();
  }

  @Override
  public AutoCloseable onRefreshStored(Consumer<String> listener) {
    return tells ? store.onRefreshStored(listener) : () -> { };
  }

  /** A read of the lease's age, counted with the loads: one SELECT (or a PTTL). */
  @Override
  public Optional<java.time.Duration> leaseRemaining(String userIdentifier) {
    if (!userIdentifier.startsWith("warm")) {
      loads.incrementAndGet();
    }
    return store.leaseRemaining(userIdentifier);
  }

  @Override
  public void close() {
    try {
      Files.write(file, (loads.get() + " " + leases.get() + " " + completions.get() + " " + writes.get() + "\n")
          .getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("could not write the counts to " + file, e);
    }
    store.close();
  }
}
