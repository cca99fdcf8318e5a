package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.ZohoOAuthTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user's tokens as the fields of one Redis hash. A field that would be null is absent. In script arguments a null
 * is {@link #NULL}, a value no token, URL or scope can hold.
 */
final class TokenHash {
  static final String NULL = "\u0000";
  /** The hash's fields, in the order the scripts receive their values. */
  static final List<String> FIELDS = List.of("user", "access_token", "refresh_token", "expires_at", "api_domain",
      "scope", "accounts_server");

  private TokenHash() {}

  /** The values of {@link #FIELDS} for {@code tokens}, {@link #NULL} for each absent one. */
  static List<String> values(ZohoOAuthTokens tokens) {
    List<String> values = new ArrayList<>(FIELDS.size());
    values.add(tokens.userIdentifier());
    values.add(orNull(tokens.accessToken()));
    values.add(orNull(tokens.refreshToken()));
    values.add(tokens.expiresAt() == null ? NULL : String.valueOf(tokens.expiresAt().toEpochMilli()));
    values.add(orNull(tokens.apiDomain()));
    values.add(orNull(tokens.scope()));
    values.add(orNull(tokens.accountsServer()));
    return values;
  }

  /** The tokens a hash holds; {@code user} is the identifier its key was made from, checked against the hash's. */
  static ZohoOAuthTokens tokens(Map<String, String> hash, String user) {
    if (!user.equals(hash.get("user"))) {
      throw new IllegalStateException("the hash of user '" + user + "' names another user: it was not written by "
          + "this store");
    }
    String expiresAt = hash.get("expires_at");
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(hash.get("access_token"))
        .refreshToken(hash.get("refresh_token"))
        .expiresAt(expiresAt == null ? null : Instant.ofEpochMilli(Long.parseLong(expiresAt)))
        .apiDomain(hash.get("api_domain")).scope(hash.get("scope")).accountsServer(hash.get("accounts_server"))
        .build();
  }

  private static String orNull(String value) {
    return value == null ? NULL : value;
  }
}
