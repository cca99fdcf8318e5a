package io.github.zohooauth.exception;

/** No tokens are stored for the user: they were never generated, or were revoked and deleted. */
public class UnknownUserException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public UnknownUserException(String userIdentifier) {
    super("No tokens are stored for user '" + userIdentifier + "'. Generate them once with "
        + "generateAccessToken(grantToken) or generateAccessTokenFromRefreshToken(refreshToken, \""
        + userIdentifier + "\"), or check the identifier (it is the user's email unless you chose another).",
        userIdentifier, null);
  }
}
