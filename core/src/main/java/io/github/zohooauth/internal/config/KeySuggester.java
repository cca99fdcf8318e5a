package io.github.zohooauth.internal.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known key closest to a mistyped one, for "did you mean" warnings. */
final class KeySuggester {
  private KeySuggester() {}

  /** Far longer than any key; a longer one is no typo, and comparing it would cost time per character squared. */
  static final int MAX_KEY_LENGTH = 64;

  /** The closest of {@code known} to {@code key}, or null when none is close enough to be a typo. */
  static String closest(String key, Collection<String> known) {
    if (key.length() > MAX_KEY_LENGTH) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String wanted = normalise(key);
    for (String candidate : known) {
      int distance = distance(wanted, normalise(candidate));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, wanted.length() / 3) ? best : null;
  }

  /** The key as a warning may quote it: cut to {@link #MAX_KEY_LENGTH} characters. */
  static String quoted(String key) {
    return key.length() <= MAX_KEY_LENGTH ? key
        : key.substring(0, MAX_KEY_LENGTH) + "... (" + key.length() + " characters)";
  }

  // Case and separators are the usual slips between the SDKs' spellings (clientId, client-id, client_id).
  private static String normalise(String key) {
    return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
