package io.github.zohooauth.config;

import java.util.regex.Pattern;

/** Hides credentials inside values that are quoted in messages and {@code toString()}, such as JDBC URLs. */
public final class Secrets {
  /** {@code password=...}, {@code pwd=...} as URL query or semicolon parameters. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|pwd|pass)=)[^&;]*");
  /** {@code scheme://user:password@host}. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?#]*:)[^/@?#]*@");

  private Secrets() {}

  /** {@code url} with every password it carries replaced by {@code ****}; null stays null. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
    return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
  }
}
