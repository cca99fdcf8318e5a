package io.github.zohooauth.persistence.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zohooauth.ZohoOAuthTokens;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One user's tokens as human-readable JSON, with a format version so a later release can change the layout and
 * an older one can refuse what it does not understand.
 *
 * <pre>
 * {
 *   "format" : 1,
 *   "user_identifier" : "jane@example.com",
 *   "access_token" : "1000.…", "refresh_token" : "1000.…",
 *   "expires_at" : "2026-01-01T01:00:00Z",
 *   "api_domain" : "https://www.zohoapis.com", "scope" : "…", "accounts_server" : null
 * }
 * </pre>
 */
final class TokenFileFormat {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TokenFileFormat() {}

  static byte[] write(ZohoOAuthTokens tokens) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", VERSION);
    node.put("user_identifier", tokens.userIdentifier());
    node.put("access_token", tokens.accessToken());
    node.put("refresh_token", tokens.refreshToken());
    node.put("expires_at", tokens.expiresAt().toString());
    node.put("api_domain", tokens.apiDomain());
    node.put("scope", tokens.scope());
    node.put("accounts_server", tokens.accountsServer());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * @throws CorruptTokenFileException saying what is wrong, never quoting a token
   */
  static ZohoOAuthTokens read(byte[] content, String expectedUser) throws CorruptTokenFileException {
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (IOException e) {
      throw new CorruptTokenFileException("it is not valid JSON (" + content.length + " bytes; a write was cut "
          + "short or the file was edited)");
    }
    if (node == null || !node.isObject()) {
      throw new CorruptTokenFileException("it is not a JSON object");
    }
    int version = node.path("format").asInt(-1);
    if (version > VERSION) {
      throw new CorruptTokenFileException("it has format " + version + ", written by a newer zoho-oauth-java; "
          + "upgrade this application");
    }
    if (version != VERSION) {
      throw new CorruptTokenFileException("it has no valid \"format\" field");
    }
    String user = text(node, "user_identifier");
    if (!expectedUser.equals(user)) {
      throw new CorruptTokenFileException("it holds tokens of another user identifier");
    }
    try {
      return ZohoOAuthTokens.builder()
          .userIdentifier(user)
          .accessToken(text(node, "access_token"))
          .refreshToken(text(node, "refresh_token"))
          .expiresAt(Instant.parse(node.path("expires_at").asText()))
          .apiDomain(text(node, "api_domain"))
          .scope(text(node, "scope"))
          .accountsServer(text(node, "accounts_server"))
          .build();
    } catch (DateTimeParseException e) {
      throw new CorruptTokenFileException("its \"expires_at\" is not an ISO-8601 instant");
    } catch (IllegalArgumentException e) {
      throw new CorruptTokenFileException("it holds neither an access token nor a refresh token");
    }
  }

  /** The user identifier a file's content names, if it is readable at all. */
  static Optional<String> userOf(byte[] content) {
    try {
      JsonNode node = JSON.readTree(content);
      return Optional.ofNullable(node == null ? null : text(node, "user_identifier"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** What is wrong with a token file, in words fit for an error message. */
  static final class CorruptTokenFileException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptTokenFileException(String problem) {
      super(problem);
    }
  }
}
