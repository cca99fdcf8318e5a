package io.github.zohooauth.exception;

/**
 * Zoho's accounts server answered, and the answer is a failure. Subclasses name each of Zoho's known answers;
 * this type itself is used for answers Zoho documents nowhere.
 */
public class ZohoErrorResponseException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String errorCode;

  public ZohoErrorResponseException(String message, String userIdentifier, int httpStatus, String errorCode) {
    super(message, userIdentifier, null);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of Zoho's answer; Zoho sends most errors with 200. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Zoho's {@code error} (or {@code cause}) value, such as {@code invalid_code}; null when the answer had none. */
  public String errorCode() {
    return errorCode;
  }
}
