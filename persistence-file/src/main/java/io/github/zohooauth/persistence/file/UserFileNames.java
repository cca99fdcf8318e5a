package io.github.zohooauth.persistence.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The file name for a user: a readable part (so a person can find a user's file) and a hash of the exact
 * identifier (so no identifier can escape the folder, and identifiers differing only in case or in characters
 * replaced in the readable part never share a file, even on a case-insensitive file system).
 */
final class UserFileNames {
  private static final int READABLE_LENGTH = 48;

  private UserFileNames() {}

  /** For example {@code jane@example.com-5b1c…(32 hex).json}. */
  static String tokenFile(String userIdentifier) {
    return base(userIdentifier) + ".json";
  }

  static String lockFile(String userIdentifier) {
    return base(userIdentifier) + ".lock";
  }

  static String leaseFile(String userIdentifier) {
    return base(userIdentifier) + ".lease";
  }

  private static String base(String userIdentifier) {
    StringBuilder readable = new StringBuilder();
    for (int i = 0; i < userIdentifier.length() && readable.length() < READABLE_LENGTH; i++) {
      char c = userIdentifier.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '@' || c == '.' || c == '_' || c == '-' || c == '+';
      readable.append(safe && !(c == '.' && readable.length() == 0) ? c : '_');
    }
    return readable + "-" + sha256Hex(userIdentifier).substring(0, 32);
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
