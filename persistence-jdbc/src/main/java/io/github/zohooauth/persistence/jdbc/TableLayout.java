package io.github.zohooauth.persistence.jdbc;

import java.util.List;
import java.util.Set;

/**
 * Which of Zoho's token tables the store works on, recognised from its columns. The store reads and writes each in
 * the form Zoho's SDKs of that generation read, so both can share it while a team moves over.
 */
enum TableLayout {
  /**
   * {@code oauthtokens(useridentifier, accesstoken, refreshtoken, expirytime BIGINT)}: Zoho's first SDKs (the old Java
   * SDK, the first Python SDK), and the table this store creates.
   */
  OAUTHTOKENS("useridentifier", "accesstoken", "refreshtoken", "expirytime"),
  /**
   * {@code oauthtoken(id, user_name, client_id, client_secret, refresh_token, access_token, grant_token,
   * expiry_time, redirect_url, api_domain)}: Zoho's current SDKs (the 8.0 generation: Java, Node, Python, ...).
   */
  SDK_USER_NAME("user_name", "access_token", "refresh_token", "expiry_time"),
  /** The same with {@code user_mail} and no {@code api_domain}: the generation before (C#, PHP). */
  SDK_USER_MAIL("user_mail", "access_token", "refresh_token", "expiry_time");

  /** The columns this store adds to any of Zoho's tables: the API domain where missing, and its own. */
  static final List<String> OWN_COLUMNS = List.of("api_domain", "scope", "accounts_server", "refresh_lease",
      "refresh_lease_until");

  final String user;
  final String accessToken;
  final String refreshToken;
  final String expiry;

  TableLayout(String user, String accessToken, String refreshToken, String expiry) {
    this.user = user;
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.expiry = expiry;
  }

  /** The layout of a table with these (lower-case) columns, or null when it is none of Zoho's. */
  static TableLayout of(Set<String> columns) {
    for (TableLayout layout : values()) {
      if (columns.containsAll(layout.requiredColumns())) {
        return layout;
      }
    }
    return null;
  }

  /**
   * Whether the table is the current SDKs' kind: rows carry an {@code id} that the SDKs number themselves, the
   * client's id, and the expiry as text. An SDK reads every row of it.
   */
  boolean isSdkTable() {
    return this != OAUTHTOKENS;
  }

  /** The columns without which the table is not this layout. */
  List<String> requiredColumns() {
    return isSdkTable() ? List.of("id", user, accessToken, refreshToken, expiry)
        : List.of(user, accessToken, refreshToken, expiry);
  }

  /** The columns a save writes, in the order of their parameters. */
  List<String> tokenColumns() {
    return List.of(accessToken, refreshToken, expiry, "api_domain", "scope", "accounts_server");
  }

  /** The columns the layout names, for messages. */
  String describe() {
    return String.join(", ", requiredColumns());
  }
}
