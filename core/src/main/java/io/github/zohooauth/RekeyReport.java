package io.github.zohooauth;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What {@link ZohoOAuthClient#rekeyStoredTokens()} did: counts, and the users it could not rewrite. */
public final class RekeyReport {
  private final String keyId;
  private final int reencrypted;
  private final int alreadyCurrent;
  private final Map<String, String> failures;

  RekeyReport(String keyId, int reencrypted, int alreadyCurrent, Map<String, String> failures) {
    this.keyId = keyId;
    this.reencrypted = reencrypted;
    this.alreadyCurrent = alreadyCurrent;
    this.failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /** The id of the current key, which every rewritten user is now encrypted with. */
  public String keyId() {
    return keyId;
  }

  /** Users rewritten: they were in plain text or under an old key. */
  public int reencrypted() {
    return reencrypted;
  }

  /** Users already under the current key, left as they were. */
  public int alreadyCurrent() {
    return alreadyCurrent;
  }

  /** Users left as they were, sorted, each with the reason (a key that is missing, a store error, a busy lease). */
  public Map<String, String> failures() {
    return failures;
  }

  @Override
  public String toString() {
    return "RekeyReport{keyId=" + keyId + ", reencrypted=" + reencrypted + ", alreadyCurrent=" + alreadyCurrent
        + ", failed=" + failures.size() + "}";
  }
}
