package io.github.zohooauth.exception;

/** {@code /oauth/user/info} answered {@code INVALID_OAUTHSCOPE}: the grant lacks scope {@code AaaServer.profile.READ}, so the user's email cannot be read. */
public class MissingProfileScopeException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public MissingProfileScopeException(String userIdentifier) {
    super("Zoho refused to tell whose tokens these are (INVALID_OAUTHSCOPE on /oauth/user/info): "
        + "add AaaServer.profile.READ to the scopes of the grant code, or pass the user "
        + "identifier yourself with generateAccessToken(grantToken, userIdentifier). The "
        + "grant code is now used; generate a new one.",
        userIdentifier, 401, "INVALID_OAUTHSCOPE");
  }
}
