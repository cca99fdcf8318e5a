package io.github.zohooauth.exception;

/**
 * The root of every error this library throws. Messages name the user (where there is one), what went wrong and
 * how to fix it; they never carry a client secret, an access token or a refresh token.
 */
public class ZohoOAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String userIdentifier;

  public ZohoOAuthException(String message) {
    this(message, null, null);
  }

  public ZohoOAuthException(String message, String userIdentifier, Throwable cause) {
    super(message, cause);
    this.userIdentifier = userIdentifier;
  }

  /** The user the failed operation was for, or null where it was for no single user. */
  public String userIdentifier() {
    return userIdentifier;
  }

  static String forUser(String userIdentifier) {
    return userIdentifier == null ? "" : " for user '" + userIdentifier + "'";
  }
}
