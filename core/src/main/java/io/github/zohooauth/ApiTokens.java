package io.github.zohooauth;

import java.util.concurrent.CompletableFuture;

/**
 * What {@link ZohoApiClient} needs of the client, and nothing more: a user's tokens as held, a token for a call, and
 * the replacement of a token Zoho refused. The client's refresh engine implements it.
 */
interface ApiTokens {
  /** The user's tokens as held now, with no refresh; for the API domain. */
  ZohoOAuthTokens held(String user);

  /** A usable access token, without blocking on a refresh of a STALE token. */
  CompletableFuture<String> accessToken(String user);

  /** A valid access token that is not {@code refused}: one refresh for every caller that reports it. */
  CompletableFuture<String> replacing(String user, String refused);
}
