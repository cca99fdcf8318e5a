package io.github.zohooauth.exception;

/**
 * The calling thread was interrupted while it waited (for a refresh, or for the user's lock). Only that caller
 * fails: a refresh it was waiting for goes on for the others. The thread's interrupt flag is set again.
 */
public class ZohoOAuthInterruptedException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public ZohoOAuthInterruptedException(String message, String userIdentifier, InterruptedException cause) {
    super(message, userIdentifier, cause);
  }
}
