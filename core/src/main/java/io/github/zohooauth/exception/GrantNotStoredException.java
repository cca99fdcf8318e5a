package io.github.zohooauth.exception;

/**
 * Zoho issued tokens for a grant, but the token store failed to keep them. The grant code is spent either way. The
 * new refresh token was revoked at Zoho, so it does not linger and count toward Zoho's 20 per user, unless
 * {@link #refreshTokenRevoked()} says otherwise. The message says what the user must do.
 */
public class GrantNotStoredException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  private final boolean refreshTokenRevoked;

  public GrantNotStoredException(String message, String userIdentifier, boolean refreshTokenRevoked,
      Throwable cause) {
    super(message, userIdentifier, cause);
    this.refreshTokenRevoked = refreshTokenRevoked;
  }

  /** Whether the refresh token Zoho issued for the grant was revoked (false too when Zoho issued none). */
  public boolean refreshTokenRevoked() {
    return refreshTokenRevoked;
  }
}
