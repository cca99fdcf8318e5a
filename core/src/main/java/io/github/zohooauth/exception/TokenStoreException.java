package io.github.zohooauth.exception;

/** The token store failed (a database that is down, an unreadable file). What was stored before is kept. */
public class TokenStoreException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public TokenStoreException(String message, String userIdentifier, Throwable cause) {
    super(message, userIdentifier, cause);
  }
}
