package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.ZohoOAuthTokens;

/** Asks Zoho for a new access token; the client implements it over HTTP. */
@FunctionalInterface
interface AccessTokenRefresher {

  /** The tokens with a new access token; throws a {@link io.github.zohooauth.exception.ZohoOAuthException} on failure. */
  ZohoOAuthTokens refresh(ZohoOAuthTokens stale);
}
