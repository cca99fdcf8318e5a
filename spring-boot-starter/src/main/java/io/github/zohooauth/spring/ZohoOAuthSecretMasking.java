package io.github.zohooauth.spring;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks this library's secrets in {@code /actuator/env} and {@code /actuator/configprops}, whatever
 * {@code show-values} says: the client secret, the encryption keys, the proxy and database passwords, and a password
 * written inside a Redis or JDBC URL (the rest of the URL stays readable). Keys are matched in every form Spring
 * accepts ({@code zoho.oauth.client-secret}, {@code clientSecret}, {@code ZOHO_OAUTH_CLIENT_SECRET}).
 */
final class ZohoOAuthSecretMasking implements SanitizingFunction {
  /** Normalized (lower case, no separators) ends of keys whose whole value is secret. */
  private static final List<String> SECRET_KEYS = List.of("clientsecret", "tokenencryptionkey",
      "tokenencryptionoldkeys", "proxypassword", "mysqlpassword", "jdbcpassword", "redispassword");
  private static final List<String> URL_KEYS = List.of("redisurl", "redisclusternodes", "jdbcurl");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  @Override
  public SanitizableData apply(SanitizableData data) {
    if (data.getValue() == null || data.getKey() == null) {
      return data;
    }
    String key = data.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (SECRET_KEYS.stream().anyMatch(key::endsWith)) {
      return data.withValue(SanitizableData.SANITIZED_VALUE);
    }
    if (URL_KEYS.stream().anyMatch(key::endsWith)) {
      String url = data.getValue().toString();
      String masked = QUERY_PASSWORD.matcher(USER_INFO_PASSWORD.matcher(url)
          .replaceAll("$1" + SanitizableData.SANITIZED_VALUE + "@")).replaceAll("$1" + SanitizableData.SANITIZED_VALUE);
      return masked.equals(url) ? data : data.withValue(masked);
    }
    return data;
  }
}
