package io.github.zohooauth;

/**
 * The one rule for user identifiers at the API: stores compare them exactly, so the client refuses what would
 * look like one user and be another (surrounding whitespace), and what a store cannot keep as given (an unpaired
 * surrogate, which JDBC turns into {@code ?}; more than 255 characters, the JDBC column's size), and what would
 * print as another user or as nothing (control and format characters). Every entry point checks before anything
 * reaches Zoho, so a refused identifier never spends a grant code.
 */
final class UserIdentifiers {
  static final int MAX_LENGTH = 255;

  private UserIdentifiers() {}

  /** {@code identifier} itself, when it follows the rule. */
  static String check(String identifier) {
    // Small enough to inline on getAccessToken's hot path; every rule is checked in full by checkFully.
    return identifier != null && isPlainAscii(identifier) ? identifier : checkFully(identifier);
  }

  /** Printable ASCII with no space, of an allowed length: nearly every identifier, and valid by every rule. */
  private static boolean isPlainAscii(String identifier) {
    int length = identifier.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = identifier.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String checkFully(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("The user identifier must not be empty: pass the user's email (or the key "
          + "the tokens were stored under).");
    }
    if (Character.isWhitespace(identifier.charAt(0)) || Character.isSpaceChar(identifier.charAt(0))
        || Character.isWhitespace(identifier.charAt(identifier.length() - 1))
        || Character.isSpaceChar(identifier.charAt(identifier.length() - 1))) {
      throw new IllegalArgumentException("The user identifier '" + identifier + "' starts or ends with whitespace. "
          + "Identifiers are compared exactly, so it would name another user than the one without it: remove the "
          + "whitespace.");
    }
    if (identifier.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("The user identifier is " + identifier.length() + " characters long; "
          + "stores keep at most " + MAX_LENGTH + ". Use the user's email or a shorter key.");
    }
    for (int i = 0; i < identifier.length(); i++) {
      char c = identifier.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        continue;
      }
      int codePoint = identifier.codePointAt(i);
      if (Character.isSurrogate(c) && Character.charCount(codePoint) == 1) {
        throw new IllegalArgumentException("The user identifier has an unpaired UTF-16 surrogate at index " + i
            + ", which no store can keep as given (a database turns it into '?', merging users). Pass valid "
            + "Unicode.");
      }
      if (invisible(codePoint)) {
        throw new IllegalArgumentException("The user identifier has a control or format character (U+"
            + String.format("%04X", codePoint) + ") at index " + i + ". Such characters print as nothing or break "
            + "lines in logs and tools, so two users would look alike: pass the user's email as plain text.");
      }
      i += Character.charCount(codePoint) - 1;
    }
    return identifier;
  }

  /** Control, format (zero-width, bidirectional) and line or paragraph separator characters. */
  private static boolean invisible(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
