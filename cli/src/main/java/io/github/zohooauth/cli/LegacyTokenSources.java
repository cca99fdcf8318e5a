package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads users from the stores of Zoho's official SDKs, for {@code zoho-oauth import}. */
final class LegacyTokenSources {
  private LegacyTokenSources() {}

  /** A user found in a source: tokens to import, or why not. */
  static final class Found {
    final String user;
    final ZohoOAuthTokens tokens;
    final String skipReason;

    private Found(String user, ZohoOAuthTokens tokens, String skipReason) {
      this.user = user;
      this.tokens = tokens;
      this.skipReason = skipReason;
    }

    static Found of(String user, String accessToken, String refreshToken, String expiryMillis, String apiDomain,
        String scope) {
      if (user == null || user.trim().isEmpty()) {
        return new Found("(no user)", null, "no user identifier");
      }
      String access = blankToNull(accessToken);
      String refresh = blankToNull(refreshToken);
      Instant expiry = parseMillis(expiryMillis);
      if (refresh == null && (access == null || expiry == null || !expiry.isAfter(Instant.now()))) {
        return new Found(user, null, "no refresh token, and no access token still valid");
      }
      return new Found(user, ZohoOAuthTokens.builder().userIdentifier(user.trim()).accessToken(expiry == null ? null
          : access).refreshToken(refresh).expiresAt(expiry).apiDomain(blankToNull(apiDomain))
          .scope(blankToNull(scope)).build(), null);
    }
  }

  /**
   * The old Java SDK's {@code oauth_tokens_file_path} file: blocks of {@code useridentifier=},
   * {@code accesstoken=}, {@code refreshtoken=}, {@code expirytime=} (epoch ms) and, in later versions,
   * {@code scope=} lines.
   */
  static List<Found> oldJavaSdkFile(Path file) throws IOException {
    List<Found> found = new ArrayList<>();
    Map<String, String> block = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      if (key.equals("useridentifier")) {
        addBlock(found, block);
        block = new HashMap<>();
      }
      if (block != null) {
        block.put(key, line.substring(eq + 1).trim());
      }
    }
    addBlock(found, block);
    return found;
  }

  private static void addBlock(List<Found> found, Map<String, String> block) {
    if (block != null) {
      found.add(Found.of(block.get("useridentifier"), block.get("accesstoken"), block.get("refreshtoken"),
          block.get("expirytime"), null, block.get("scope")));
    }
  }

  /**
   * The newer SDKs' {@code sdk_tokens.txt}: CSV with a header ({@code id,user_mail,client_id,client_secret,
   * refresh_token,access_token,grant_token,expiry_time,redirect_url}; the current SDKs write {@code user_name} and add
   * {@code api_domain}), fields quoted as OpenCSV writes them, or not at all. Columns are found by name.
   */
  static List<Found> sdkTokensCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Found> found = new ArrayList<>();
    if (lines.isEmpty()) {
      return found;
    }
    List<String> header = csvFields(lines.get(0));
    int user = header.contains("user_name") ? header.indexOf("user_name") : header.indexOf("user_mail");
    if (user < 0) {
      throw new IllegalArgumentException(file + " has no user_name or user_mail column: it is not an sdk_tokens.txt "
          + "file (its header is " + header + ")");
    }
    for (String line : lines.subList(1, lines.size())) {
      if (line.trim().isEmpty()) {
        continue;
      }
      List<String> fields = csvFields(line);
      found.add(Found.of(field(fields, user), field(fields, header.indexOf("access_token")),
          field(fields, header.indexOf("refresh_token")), field(fields, header.indexOf("expiry_time")),
          field(fields, header.indexOf("api_domain")), null));
    }
    return found;
  }

  /**
   * A table of Zoho's SDKs, of whichever generation its columns say: the first SDKs' {@code oauthtokens}
   * ({@code useridentifier, accesstoken, refreshtoken, expirytime}), or the current SDKs' {@code oauthtoken}
   * ({@code user_name}, or the C#/PHP generation's {@code user_mail}, with {@code access_token, refresh_token,
   * expiry_time} and, when there, {@code api_domain}). Rows without a user (the SDKs write them when they cannot name
   * one) are skipped.
   */
  static List<Found> zohoTable(String jdbcUrl, String user, String password, String table) throws SQLException {
    if (!table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
      throw new IllegalArgumentException("--table '" + table + "' is not a plain SQL name");
    }
    List<Found> found = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        columns.add(rows.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
      }
      boolean first = columns.contains("useridentifier");
      String userColumn = first ? "useridentifier" : columns.contains("user_name") ? "user_name" : "user_mail";
      if (!columns.contains(userColumn)) {
        throw new SQLException("the table has none of the user columns of Zoho's SDKs (useridentifier, user_name, "
            + "user_mail); its columns are " + columns, "42S22");
      }
      while (rows.next()) {
        if (rows.getString(userColumn) == null) {
          continue;
        }
        found.add(Found.of(rows.getString(userColumn), rows.getString(first ? "accesstoken" : "access_token"),
            rows.getString(first ? "refreshtoken" : "refresh_token"),
            rows.getString(first ? "expirytime" : "expiry_time"),
            columns.contains("api_domain") ? rows.getString("api_domain") : null, null));
      }
    }
    return found;
  }

  /** One CSV record: commas separate, double quotes enclose, a doubled quote is a quote. */
  static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static String field(List<String> fields, int index) {
    return index >= 0 && index < fields.size() ? fields.get(index) : null;
  }

  private static String blankToNull(String value) {
    return value == null || value.trim().isEmpty() || value.equals("null") ? null : value.trim();
  }

  private static Instant parseMillis(String value) {
    try {
      return value == null || value.trim().isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
