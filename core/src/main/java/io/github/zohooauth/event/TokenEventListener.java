package io.github.zohooauth.event;

import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoOAuthException;
import java.time.Duration;

/**
 * Hears what the client does with tokens: refreshes, their failures, Zoho's rate limit, tokens Zoho refused, and the
 * token store failing and recovering. Every method does nothing unless overridden.
 *
 * <p>Events are delivered on one thread of the client's, never on a caller's: a slow listener delays other events,
 * not {@code getAccessToken}. A listener that throws is logged and keeps receiving events. Register one with
 * {@code ZohoOAuthClientBuilder.eventListener}, or, for a client made from the properties file, list the class in
 * {@code META-INF/services/io.github.zohooauth.event.TokenEventListener}.
 */
public interface TokenEventListener {

  /** A refresh ended with a usable token. */
  default void refreshed(RefreshEvent event) {}

  /** A refresh failed; {@code error} is what its callers got. */
  default void refreshFailed(String userIdentifier, RefreshTrigger trigger, ZohoOAuthException error) {}

  /** Zoho answered a refresh with its rate limit; no refresh of the user runs for {@code backoff}. */
  default void rateLimited(String userIdentifier, Duration backoff) {}

  /** The application reported a token that Zoho refused ({@code refreshAccessToken}, or the API client's 401). */
  default void tokenRejected(String userIdentifier) {}

  /**
   * New tokens of the user replaced a refresh token (a new grant, a refresh token given by hand, an import), but that
   * old refresh token could not be revoked at Zoho: it stays valid there until the user removes the app under
   * Connected Apps. The new tokens are stored all the same.
   */
  default void replacedTokenNotRevoked(String userIdentifier, ZohoOAuthException error) {}

  /** Zoho issued a new token but the store could not keep it; it is used from memory. */
  default void storeSaveFailed(String userIdentifier, RuntimeException error) {}

  /** A call to the token store failed; {@code operation} is load, save, delete, lease or list. */
  default void storeFailed(String operation, TokenStoreException error) {}

  /** A call to the token store failed after the last one succeeded. */
  default void storeUnavailable(TokenStoreException error) {}

  /** A call to the token store succeeded after {@link #storeUnavailable}. */
  default void storeRecovered() {}
}
