package io.github.zohooauth.exception;

/** Zoho answered {@code invalid_client}: the client id is unknown to this data centre's accounts server. */
public class InvalidClientException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public InvalidClientException(String userIdentifier) {
    super("Zoho does not know this client_id"
        + forUser(userIdentifier)
        + " (invalid_client). Check client_id against the Zoho API console, and that dc/accounts_url "
        + "names the data centre where the client was registered (a client made on accounts.zoho.eu "
        + "is unknown to accounts.zoho.com).",
        userIdentifier, 200, "invalid_client");
  }
}
