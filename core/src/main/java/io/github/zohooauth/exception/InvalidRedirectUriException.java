package io.github.zohooauth.exception;

/** Zoho answered {@code invalid_redirect_uri}: the redirect URI differs from the one registered for the client. */
public class InvalidRedirectUriException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public InvalidRedirectUriException(String userIdentifier) {
    super("Zoho rejected redirect_uri"
        + forUser(userIdentifier)
        + " (invalid_redirect_uri). It must equal, character for character, the redirect "
        + "URI registered for this client in the Zoho API console, and the one used on "
        + "the authorization page.",
        userIdentifier, 200, "invalid_redirect_uri");
  }
}
