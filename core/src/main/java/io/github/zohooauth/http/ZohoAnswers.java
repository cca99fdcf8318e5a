package io.github.zohooauth.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zohooauth.exception.InvalidClientException;
import io.github.zohooauth.exception.InvalidClientSecretException;
import io.github.zohooauth.exception.InvalidGrantCodeException;
import io.github.zohooauth.exception.InvalidRedirectUriException;
import io.github.zohooauth.exception.MissingProfileScopeException;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import java.time.Duration;

/**
 * Reads Zoho's answers: success in both expiry forms, and each error of Zoho's table mapped to its exception. Zoho
 * sends most errors with HTTP 200, so the body, not the status, decides.
 */
final class ZohoAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** No Zoho access token lives longer than an hour; an expires_in above a day can only be milliseconds. */
  private static final long MAX_PLAUSIBLE_SECONDS = 86_400;
  private static final Duration ZOHO_TOKEN_LIFETIME = Duration.ofHours(1);

  enum Call {
    GRANT("exchange the grant token"),
    REFRESH("refresh the access token"),
    USER_INFO("read the user's email from /oauth/user/info"),
    REVOKE("revoke the refresh token");

    final String purpose;

    Call(String purpose) {
      this.purpose = purpose;
    }
  }

  private ZohoAnswers() {}

  static TokenResponse token(Call call, int status, String body, String user) {
    JsonNode json = object(call, status, body, user);
    String error = text(json, "error");
    if (status == 200 && error == null && text(json, "access_token") != null) {
      return new TokenResponse(text(json, "access_token"), text(json, "refresh_token"), expiresIn(json),
          text(json, "api_domain"), text(json, "scope"));
    }
    throw error(call, status, json, user);
  }

  static String email(int status, String body, String user) {
    JsonNode json = object(Call.USER_INFO, status, body, user);
    String email = text(json, "Email");
    if (status == 200 && email != null) {
      return email;
    }
    if ("INVALID_OAUTHSCOPE".equalsIgnoreCase(text(json, "cause"))) {
      throw new MissingProfileScopeException(user);
    }
    throw error(Call.USER_INFO, status, json, user);
  }

  /** Whether Zoho revoked the token (true) or did not know it (false, HTTP 400). */
  static boolean revoked(int status, String body, String user) {
    JsonNode json = object(Call.REVOKE, status, body, user);
    if (status == 200 && "success".equalsIgnoreCase(text(json, "status"))) {
      return true;
    }
    if (status == 400 && !isRateLimit(json)) {
      return false;
    }
    throw error(Call.REVOKE, status, json, user);
  }

  private static ZohoErrorResponseException error(Call call, int status, JsonNode json, String user) {
    String error = text(json, "error");
    if (isRateLimit(json)) {
      return new RateLimitedException(user, status, error);
    }
    if (error == null) {
      error = text(json, "cause");
    }
    if (error != null) {
      switch (error) {
        case "invalid_code":
          return call == Call.REFRESH ? new RefreshTokenRevokedException(user) : new InvalidGrantCodeException(user);
        case "invalid_client":
          return new InvalidClientException(user);
        case "invalid_client_secret":
          return new InvalidClientSecretException(user);
        case "invalid_redirect_uri":
          return new InvalidRedirectUriException(user);
        default:
          break;
      }
    }
    return new ZohoErrorResponseException("Zoho's accounts server refused to " + call.purpose + forUser(user)
        + ": HTTP " + status + (error == null ? " with no error code" : ", error '" + error + "'")
        + (status >= 500 ? ". Zoho's server failed; try again later." : ". Check the client settings and scopes."),
        user, status, error);
  }

  // The rate-limit answer is localised ("Access Denied", "拒绝访问"): recognise its shape, not its words.
  private static boolean isRateLimit(JsonNode json) {
    return "failure".equalsIgnoreCase(text(json, "status")) && json.has("error");
  }

  private static JsonNode object(Call call, int status, String body, String user) {
    JsonNode json = null;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      // reported below with what the answer was, not with the parser's message (which quotes the body)
    }
    if (json == null || !json.isObject()) {
      throw new ZohoErrorResponseException("Zoho's accounts server gave an answer that is not JSON when asked to "
          + call.purpose + forUser(user) + " (HTTP " + status + ", " + describe(body) + "). "
          + (status >= 500 ? "Zoho's server failed; try again later." : "A proxy or a wrong accounts_url may be in "
          + "the way: check accounts_url/dc and proxy settings."), user, status, null);
    }
    return json;
  }

  private static String describe(String body) {
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.isEmpty()) {
      return "empty body";
    }
    if (trimmed.startsWith("<")) {
      return "an HTML page of " + body.length() + " characters";
    }
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return "JSON cut off or malformed, " + body.length() + " characters";
    }
    return body.length() + " characters of text";
  }

  private static Duration expiresIn(JsonNode json) {
    if (json.hasNonNull("expires_in_sec")) {
      return Duration.ofSeconds(json.get("expires_in_sec").asLong());
    }
    if (json.hasNonNull("expires_in")) {
      long value = json.get("expires_in").asLong();
      return value > MAX_PLAUSIBLE_SECONDS ? Duration.ofMillis(value) : Duration.ofSeconds(value);
    }
    return ZOHO_TOKEN_LIFETIME;
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String value = node.asText();
    return value.isEmpty() ? null : value;
  }

  static String forUser(String user) {
    return user == null ? "" : " for user '" + user + "'";
  }
}
