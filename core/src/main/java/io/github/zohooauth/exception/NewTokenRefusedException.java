package io.github.zohooauth.exception;

/**
 * Zoho refused an access token that a refresh had just produced, so refreshing again would only spend Zoho's limit
 * of 10 new tokens per 10 minutes. No refresh of the user runs until the pause the message names has passed.
 */
public class NewTokenRefusedException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public NewTokenRefusedException(String message, String userIdentifier) {
    super(message, userIdentifier, null);
  }
}
