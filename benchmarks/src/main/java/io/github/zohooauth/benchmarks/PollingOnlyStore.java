package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The baseline for the waiters' latency: a store as its provider makes it ({@code bench_polling_persistence} names
 * the provider), but without its notifications, so that waiting instances learn of a refresh only by polling. Named by
 * {@code persistence_handler_class} in the child JVMs.
 */
public final class PollingOnlyStore implements TokenPersistenceHandler {
  static final String PROVIDER = "bench_polling_persistence";

  private final TokenPersistenceHandler store;

  public PollingOnlyStore(ConfigValues config) {
    String name = config.require(PROVIDER, "the provider whose store this wraps");
    TokenPersistenceProvider provider = ServiceLoader.load(TokenPersistenceProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(candidate -> candidate.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no provider " + name));
    this.store = provider.create(config);
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    return store.load(userIdentifier);
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    store.save(tokens);
  }

  @Override
  public void delete(String userIdentifier) {
    store.delete(userIdentifier);
  }

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    return store.replace(expected, replacement);
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    return store.tryLeaseRefresh(userIdentifier, leaseTime);
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
  public void close() {
    store.close();
  }
}
