package io.github.zohooauth.exception;

/** Zoho answered {@code invalid_code} to a refresh: the refresh token was revoked, deleted as the user's 21st, or is wrong. The user must authorize again. */
public class RefreshTokenRevokedException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public RefreshTokenRevokedException(String userIdentifier) {
    super("Zoho rejected the refresh token"
        + forUser(userIdentifier)
        + " (invalid_code): it was revoked, replaced as the user's 21st refresh token, "
        + "or belongs to another client. Authorize this user again (a new grant code) "
        + "and generate new tokens; stored tokens were left as they were.",
        userIdentifier, 200, "invalid_code");
  }
}
