package io.github.zohooauth;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.crypto.EncryptedTokenStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of {@link ZohoOAuthClient#rekeyStoredTokens()}: every stored user sealed with the current key, each under
 * that user's refresh lease so a refresh or a grant landing meanwhile is never overwritten. A user whose lease another
 * holder has is tried {@value #ATTEMPTS} times, {@value #PAUSE_MILLIS} ms apart, then reported.
 */
final class Rekeying {
  private static final int ATTEMPTS = 3;
  private static final long PAUSE_MILLIS = 200;

  private final EncryptedTokenStore store;
  private final Duration leaseTime;
  private final Sleeper sleeper;

  Rekeying(EncryptedTokenStore store, Duration leaseTime, Sleeper sleeper) {
    this.store = store;
    this.leaseTime = leaseTime;
    this.sleeper = sleeper;
  }

  RekeyReport run() {
    if (!store.encrypts()) {
      throw new ConfigurationException("There is no key to encrypt with: set token_encryption_key in the properties "
          + "(ZohoOAuthClientBuilder.tokenEncryptionKey in code). The in-memory store keeps nothing at rest and "
          + "ignores it.");
    }
    int reencrypted = 0;
    int current = 0;
    Map<String, String> failures = new TreeMap<>();
    for (String user : users()) {
      try {
        EncryptedTokenStore.Rekeyed outcome = rekey(user);
        if (outcome == EncryptedTokenStore.Rekeyed.REENCRYPTED) {
          reencrypted++;
        } else if (outcome == EncryptedTokenStore.Rekeyed.CURRENT) {
          current++;
        } else if (outcome == EncryptedTokenStore.Rekeyed.BUSY) {
          failures.put(user, "another instance kept the user's refresh lease or wrote the tokens meanwhile; nothing "
              + "was written, and that instance's save encrypts them with the current key");
        }
      } catch (ZohoOAuthInterruptedException e) {
        throw e;
      } catch (ZohoOAuthException e) {
        failures.put(user, e.getMessage());
      }
    }
    return new RekeyReport(store.currentKeyId(), reencrypted, current, failures);
  }

  private List<String> users() {
    try {
      return store.userIdentifiers();
    } catch (UnsupportedOperationException e) {
      throw new ConfigurationException("The token store " + store.store().getClass().getName() + " cannot list its "
          + "users, so they cannot be re-encrypted together; each is encrypted with the current key at its next "
          + "save.", e);
    }
  }

  /** One user, tried again while another holder has the lease. */
  private EncryptedTokenStore.Rekeyed rekey(String user) {
    EncryptedTokenStore.Rekeyed outcome = EncryptedTokenStore.Rekeyed.BUSY;
    for (int attempt = 0; attempt < ATTEMPTS && outcome == EncryptedTokenStore.Rekeyed.BUSY; attempt++) {
      if (attempt > 0) {
        try {
          sleeper.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ZohoOAuthInterruptedException("Interrupted while re-encrypting the tokens of user '" + user
              + "'; the users before it are re-encrypted, the rest are as they were.", user, e);
        }
      }
      outcome = store.rekey(user, leaseTime);
    }
    return outcome;
  }
}
