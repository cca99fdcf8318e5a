package io.github.zohooauth.exception;

/**
 * Zoho refused to create another access token: at most 10 per refresh token per 10 minutes. The library does not
 * retry past this answer; the stored tokens are unchanged.
 */
public class RateLimitedException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(String userIdentifier, int httpStatus, String errorCode) {
    super("Zoho rate-limited the token request" + forUser(userIdentifier) + ": at most 10 access tokens per refresh "
        + "token per 10 minutes, and Zoho blocks new ones until that window ends. Retry after the window; look for "
        + "other programs or instances refreshing with the same refresh token.", userIdentifier, httpStatus, errorCode);
  }
}
