package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;

/**
 * The lease a store gets from the SPI's defaults: granted at once, fenced by {@link TokenPersistenceHandler#replace}
 * alone. It excludes nothing by itself; the client's single flight makes it one refresh per user in one process.
 */
final class CompareAndSetLease implements RefreshLease {
  private final TokenPersistenceHandler store;
  private final ZohoOAuthTokens current;

  CompareAndSetLease(TokenPersistenceHandler store, ZohoOAuthTokens current) {
    this.store = store;
    this.current = current;
  }

  @Override
  public ZohoOAuthTokens current() {
    return current;
  }

  @Override
  public boolean complete(ZohoOAuthTokens refreshed) {
    return store.replace(current, refreshed);
  }

  @Override
  public void close() {}
}
