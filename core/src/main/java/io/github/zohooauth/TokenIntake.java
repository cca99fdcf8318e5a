package io.github.zohooauth;

import io.github.zohooauth.exception.GrantNotStoredException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.http.TokenExchanges;
import io.github.zohooauth.internal.refresh.TokenManager;
import java.lang.System.Logger.Level;

/**
 * Takes new tokens in and stores them: a grant's, a refresh token's given by hand, an import's. Then it revokes at
 * Zoho the refresh token they replaced. The exchanges only talk to Zoho; this is where their tokens are written.
 * Thread-safe.
 */
final class TokenIntake {
  private static final System.Logger LOG = System.getLogger(TokenIntake.class.getName());
  private static final int GRANT_SAVE_ATTEMPTS = 3;
  private static final long GRANT_SAVE_PAUSE_MS = 250;

  private final TokenExchanges exchanges;
  private final TokenManager tokens;
  private final Sleeper sleeper;

  TokenIntake(TokenExchanges exchanges, TokenManager tokens, Sleeper sleeper) {
    this.exchanges = exchanges;
    this.tokens = tokens;
    this.sleeper = sleeper;
  }

  /** Exchanges a grant code at {@code server}, stores the tokens, and revokes the refresh token they replace. */
  ZohoOAuthTokens grant(String grantToken, String knownUser, String server) {
    return store(exchanges.exchangeGrant(grantToken, knownUser, server, UserIdentifiers::check));
  }

  /** Stores the tokens of a grant exchanged already (a device's, say), and revokes the refresh token they replace. */
  ZohoOAuthTokens store(TokenExchanges.Grant grant) {
    String user = grant.user();
    // One read of what is stored. Without a new refresh token the stored one is kept (so a failure to read is the
    // grant's, and nothing is replaced); with one, the stored one is revoked after the write.
    ZohoOAuthTokens previous = grant.issuedRefreshToken() ? storedBeforeReplacing(user)
        : tokens.storedTokens(user).orElse(null);
    ZohoOAuthTokens fresh = exchanges.tokensOf(grant, previous);
    storeGrant(fresh, grant);
    revokeReplaced(previous, fresh);
    return fresh;
  }

  /** Stores tokens obtained elsewhere, then revokes the refresh token they replace. */
  void store(ZohoOAuthTokens fresh) {
    ZohoOAuthTokens replaced = storedBeforeReplacing(fresh.userIdentifier());
    tokens.save(fresh);
    revokeReplaced(replaced, fresh);
  }

  /** A failed revoke is logged and heard as an event; it never fails the write, which already happened. */
  private void revokeReplaced(ZohoOAuthTokens replaced, ZohoOAuthTokens fresh) {
    try {
      exchanges.revokeReplaced(replaced, fresh);
    } catch (ZohoOAuthException e) {
      String user = fresh.userIdentifier();
      LOG.log(Level.WARNING, "the refresh token that the new tokens of user ''{0}'' replaced could not be revoked; "
          + "it stays valid at Zoho until the user removes this app under Connected Apps: {1}", user,
          e.getMessage());
      tokens.replacedTokenNotRevoked(user, e);
    }
  }

  /**
   * What is stored for the user before a write replaces it, to revoke its refresh token after: nothing when it
   * cannot be read (undecryptable, refused, or the store failed), since the write that follows wins either way.
   */
  private ZohoOAuthTokens storedBeforeReplacing(String user) {
    try {
      return tokens.storedTokens(user).orElse(null);
    } catch (ZohoOAuthException e) {
      LOG.log(Level.WARNING, "the tokens stored for user ''{0}'' could not be read before they were replaced, so "
          + "their refresh token cannot be revoked: {1}", user, e.getMessage());
      return null;
    }
  }

  /**
   * Stores the tokens of a grant. The grant code is spent by now, so a store failure must not orphan the refresh
   * token Zoho just issued: the save is tried {@value #GRANT_SAVE_ATTEMPTS} times, a moment apart, and if the store
   * still fails that refresh token is revoked, so it does not linger and count toward Zoho's 20 per user.
   */
  private void storeGrant(ZohoOAuthTokens fresh, TokenExchanges.Grant grant) {
    String user = fresh.userIdentifier();
    TokenStoreException failure = null;
    for (int attempt = 1; attempt <= GRANT_SAVE_ATTEMPTS; attempt++) {
      try {
        tokens.save(fresh);
        return;
      } catch (TokenStoreException e) {
        failure = e;
      }
      if (attempt < GRANT_SAVE_ATTEMPTS && !pause(GRANT_SAVE_PAUSE_MS * attempt)) {
        break;
      }
    }
    String outcome;
    boolean revoked = false;
    try {
      revoked = exchanges.revokeIssued(grant);
      outcome = revoked ? "The refresh token Zoho issued for it was revoked, so it does not linger."
          : "Zoho issued no new refresh token for it, so nothing lingers at Zoho.";
    } catch (ZohoOAuthException e) {
      outcome = "The refresh token Zoho issued for it could NOT be revoked (" + e.getMessage() + "): it stays "
          + "valid at Zoho and counts toward Zoho's 20 refresh tokens per user until the user removes this app "
          + "under Connected Apps in their Zoho account.";
    }
    throw new GrantNotStoredException("The grant of user '" + user + "' was exchanged at Zoho, but the token store "
        + "failed to keep the tokens: " + failure.getMessage() + " " + outcome + " The grant code is spent: once "
        + "the store works, authorize the user again.", user, revoked, failure);
  }

  private boolean pause(long millis) {
    try {
      sleeper.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
