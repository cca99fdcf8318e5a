package io.github.zohooauth;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.internal.http.AccountsServers;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Builds the links to Zoho's authorization page: the request's scopes and access type, else the configured ones.
 * They carry the client id and never the client secret, since they go to a browser.
 */
final class AuthorizationUrls {
  private final String accountsUrl;
  private final String clientId;
  private final String scope;
  private final AccessType accessType;
  /** Read only when a URL is built: a client that never builds one needs no redirect URI. */
  private final Supplier<String> redirectUri;

  AuthorizationUrls(String accountsUrl, String clientId, String scope, AccessType accessType,
      Supplier<String> redirectUri) {
    this.accountsUrl = accountsUrl;
    this.clientId = clientId;
    this.scope = scope;
    this.accessType = accessType;
    this.redirectUri = redirectUri;
  }

  URI of(AuthorizationRequest request) {
    String scopes = scopes(request.scopes(), "The authorization URL", "AuthorizationRequest.withScopes(...)");
    return AccountsServers.authorizationPage(accountsUrl, clientId, redirectUri.get(), scopes,
        request.accessType() != null ? request.accessType() : accessType, request.isPromptConsent(),
        request.state());
  }

  /** The access type asked for when a request names none. */
  AccessType accessType() {
    return accessType;
  }

  /**
   * {@code requested}, comma-joined, or the configured scopes when none are requested.
   *
   * @throws ConfigurationException when there are neither, naming {@code what} needs them and {@code where} to pass
   *     them
   */
  String scopes(java.util.List<String> requested, String what, String where) {
    String scopes = requested.isEmpty() ? scope : String.join(",", requested);
    if (scopes == null) {
      throw new ConfigurationException(what + " needs scopes: set scope in the configuration (comma-separated, for "
          + "example ZohoCRM.modules.ALL,AaaServer.profile.READ) or pass them in " + where + ".");
    }
    return scopes;
  }
}
