package io.github.zohooauth.exception;

/** No usable answer came from Zoho's accounts server: the connection failed, dropped, or timed out. */
public class ZohoNetworkException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  public ZohoNetworkException(String message, String userIdentifier, Throwable cause) {
    super(message, userIdentifier, cause);
  }
}
