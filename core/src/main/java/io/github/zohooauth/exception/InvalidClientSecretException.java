package io.github.zohooauth.exception;

/** Zoho answered {@code invalid_client_secret}. */
public class InvalidClientSecretException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public InvalidClientSecretException(String userIdentifier) {
    super("Zoho rejected the client secret"
        + forUser(userIdentifier)
        + " (invalid_client_secret). Copy client_secret again from the Zoho API console "
        + "for this client_id.",
        userIdentifier, 200, "invalid_client_secret");
  }
}
