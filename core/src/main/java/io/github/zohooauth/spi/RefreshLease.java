package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;

/**
 * The right to refresh one user's tokens, taken with {@link TokenPersistenceHandler#tryLeaseRefresh}. While a
 * holder has it, no other holder (in this process or, for shared stores, in another one) is granted it; the client
 * asks Zoho for a new access token while holding it, then {@link #complete completes} it.
 *
 * <p>A lease holds nothing scarce while Zoho answers: no pooled connection, no row lock. It may end before the
 * holder completes it (its time ran out, or its process died), and {@link #complete} is then fenced: it stores
 * nothing over a write made since the lease was granted.
 */
public interface RefreshLease extends AutoCloseable {

  /** The user's tokens as stored when the lease was granted. */
  ZohoOAuthTokens current();

  /**
   * Stores {@code refreshed} only if this lease is still the user's and the stored tokens are still
   * {@link #current()} (compare-and-set), then gives the lease up.
   *
   * @return false, storing nothing, when a save, a delete or another holder's refresh came first
   * @throws io.github.zohooauth.exception.TokenStoreException when the store failed; the stored tokens are then
   *     what they were before
   */
  boolean complete(ZohoOAuthTokens refreshed);

  /** Gives the lease up without storing anything. Does nothing once completed; never throws. */
  @Override
  void close();
}
