package io.github.zohooauth.exception;

/** Zoho answered {@code invalid_code} to a grant code exchange: the code expired (it lives 1 to 3 minutes), was already used, or was never issued to this client. */
public class InvalidGrantCodeException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public InvalidGrantCodeException(String userIdentifier) {
    super("Zoho rejected the grant code"
        + forUser(userIdentifier)
        + " (invalid_code): it expired (grant codes live about 2 minutes), was already "
        + "used, or belongs to another client. Generate a new grant code and exchange "
        + "it at once.",
        userIdentifier, 200, "invalid_code");
  }
}
