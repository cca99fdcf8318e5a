package io.github.zohooauth.exception;

/**
 * A caller waited for a refresh longer than its bound allows. The message names the setting that bounds the wait.
 * The refresh itself goes on for the callers after this one.
 */
public class RefreshTimeoutException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public RefreshTimeoutException(String message, String userIdentifier) {
    super(message, userIdentifier, null);
  }
}
