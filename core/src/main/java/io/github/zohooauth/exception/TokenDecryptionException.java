package io.github.zohooauth.exception;

/**
 * A user's stored tokens could not be decrypted: the key they were encrypted with is not configured, or the value
 * was altered or copied from another user's entry. Nothing stored was changed. {@link #keyId()} names the key the
 * value asks for; no message carries a key or a token.
 */
public class TokenDecryptionException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  private final String keyId;

  public TokenDecryptionException(String message, String userIdentifier, String keyId, Throwable cause) {
    super(message, userIdentifier, cause);
    this.keyId = keyId;
  }

  /** The id of the key the stored value was encrypted with, as written in it; null when it names none. */
  public String keyId() {
    return keyId;
  }
}
