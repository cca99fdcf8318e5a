package io.github.zohooauth.exception;

/** A configuration value is missing or wrong; the message names the key, where it was read and the fix. */
public class ConfigurationException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, null, cause);
  }
}
