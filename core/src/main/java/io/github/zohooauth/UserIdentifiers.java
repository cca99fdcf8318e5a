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
      boolean paired = Character.isHighSurrogate(c) && i + 1 < identifier.length()
          && Character.isLowSurrogate(identifier.charAt(i + 1));
      if (paired) {
        i++;
      } else if (invisible(c)) {
        throw new IllegalArgumentException("The user identifier has a control or format character (U+"
            + String.format("%04X", (int) c) + ") at index " + i + ". Such characters print as nothing or break "
            + "lines in logs and tools, so two users would look alike: pass the user's email as plain text.");
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("The user identifier has an unpaired UTF-16 surrogate at index " + i
            + ", which no store can keep as given (a database turns it into '?', merging users). Pass valid "
            + "Unicode.");
      }
    }
    return identifier;
  }

  /** Control, format (zero-width, bidirectional) and line or paragraph separator characters. */
  private static boolean invisible(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
