package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.persistence.jdbc.JdbcPersistenceProvider;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The baseline for the waiters' latency: the JDBC store as it is, but without its notifications, so that waiting
 * instances learn of a refresh only by polling. Named by {@code persistence_handler_class} in the child JVMs.
 */
public final class PollingOnlyJdbcStore implements TokenPersistenceHandler {
  private final TokenPersistenceHandler store;

  public PollingOnlyJdbcStore(ConfigValues config) {
    this.store = new JdbcPersistenceProvider().create(config);
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
