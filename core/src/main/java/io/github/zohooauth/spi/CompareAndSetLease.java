package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;

/**
 * The lease a store gets from the SPI's defaults: granted at once, fenced by {@link TokenPersistenceHandler#replace}
 * alone. It excludes nothing by itself; the client's single flight makes it one refresh per user in one process.
 */
final class CompareAndSetLease extends AbstractRefreshLease {
  private final TokenPersistenceHandler store;

  CompareAndSetLease(TokenPersistenceHandler store, ZohoOAuthTokens current) {
    super(current);
    this.store = store;
  }

  @Override
  protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
    return store.replace(current, refreshed);
  }

  @Override
  protected void release(boolean stored) {}
}
