package io.github.zohooauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The checks the commands share for their flags, said in flags: a secret is read from standard input when given as
 * {@code -} (and warned about when given inline, where {@code ps} and shell history show it); a {@code --user} must
 * name someone.
 */
final class Arguments {
  private Arguments() {}

  /**
   * The secret {@code value} of {@code flag}: read as one line from {@code in} when it is {@code -}; otherwise as
   * given, with a warning on {@code err} naming the {@code -} form.
   */
  static String secret(String flag, String value, InputStream in, PrintWriter err) throws IOException {
    return secret(flag, value, in, err, false);
  }

  /** {@link #secret}, where an empty line is a value ({@code mayBeEmpty}: a database password). */
  static String secret(String flag, String value, InputStream in, PrintWriter err, boolean mayBeEmpty)
      throws IOException {
    if ("-".equals(value)) {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.trim().isEmpty() && !mayBeEmpty) {
        throw new CliException(flag + " - read nothing from standard input: write the value there, as in "
            + "'printf %s \"$VALUE\" | zoho-oauth ... " + flag + " -'.", ExitCodes.USAGE);
      }
      return mayBeEmpty ? line : line.trim();
    }
    err.println("warning: " + flag + " given on the command line shows in 'ps' and in shell history; pass " + flag
        + " - and write it to standard input instead.");
    return value;
  }

  /** {@code value} of {@code --user}, when it can name a user. */
  static String user(String value) {
    if (value == null || value.trim().isEmpty()) {
      throw new CliException("--user is empty: name the user, as in --user jane@example.com.", ExitCodes.USAGE);
    }
    for (int i = 0; i < value.length(); i++) {
      int type = Character.getType(value.charAt(i));
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        throw new CliException("--user has an invisible character (U+" + String.format("%04X", (int) value.charAt(i))
            + ") at position " + (i + 1) + ": write the user's email as plain text.", ExitCodes.USAGE);
      }
    }
    return value;
  }
}
