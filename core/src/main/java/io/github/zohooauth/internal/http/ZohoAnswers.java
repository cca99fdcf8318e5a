package io.github.zohooauth.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zohooauth.exception.DeviceAuthorizationDeniedException;
import io.github.zohooauth.exception.DeviceAuthorizationExpiredException;
import io.github.zohooauth.exception.InvalidClientException;
import io.github.zohooauth.exception.InvalidClientSecretException;
import io.github.zohooauth.exception.InvalidGrantCodeException;
import io.github.zohooauth.exception.InvalidRedirectUriException;
import io.github.zohooauth.exception.MissingOrgInfoException;
import io.github.zohooauth.exception.MissingProfileScopeException;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Zoho's answers: success in both expiry forms, and each error of Zoho's table mapped to its exception. Zoho
 * sends most errors with HTTP 200, so the body, not the status, decides.
 */
final class ZohoAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** No Zoho access token lives longer than an hour; an expires_in above a day can only be milliseconds. */
  private static final long MAX_PLAUSIBLE_SECONDS = 86_400;
  private static final Duration ZOHO_TOKEN_LIFETIME = Duration.ofHours(1);
  /** A token Zoho no longer accepts, in each product's words; AUTHENTICATION_FAILURE has been seen for dead tokens. */
  private static final Set<String> TOKEN_REFUSALS = Set.of("INVALID_TOKEN", "INVALID_OAUTHTOKEN",
      "AUTHENTICATION_FAILURE");

  enum Call {
    GRANT("exchange the grant code"),
    REFRESH("refresh the access token"),
    CLIENT_CREDENTIALS("give a token for the organisation with the client's credentials"),
    DEVICE_CODE("start the device authorization"),
    DEVICE_TOKEN("give the device's tokens"),
    SERVER_INFO("list the data centres' accounts servers"),
    USER_INFO("read the user's email from /oauth/user/info"),
    REVOKE("revoke the refresh token");

    final String purpose;

    Call(String purpose) {
      this.purpose = purpose;
    }
  }

  private ZohoAnswers() {}

  static TokenResponse token(Call call, int status, String body, String user, ApiDomains apiDomains) {
    JsonNode json = object(call, status, body, user);
    String error = text(json, "error");
    if (status == 200 && error == null && json.hasNonNull("access_token")) {
      String apiDomain = string(call, json, "api_domain", user);
      if (apiDomain != null && !apiDomains.accepts(apiDomain)) {
        throw nonsense(call, user, "an api_domain that is not one of Zoho's API hosts (" + apiDomain + "); the "
            + "application would send the user's tokens there. If it is a host of yours, add it to "
            + "api_domain_allowlist");
      }
      String accessToken = string(call, json, "access_token", user);
      if (accessToken == null) {
        throw nonsense(call, user, "an empty access_token");
      }
      return new TokenResponse(accessToken, string(call, json, "refresh_token", user),
          expiresIn(call, json, user), apiDomain, string(call, json, "scope", user));
    }
    throw error(call, status, json, user);
  }

  /** What a device poll answered short of tokens: wait, slow down, or ask another data centre. */
  static final class DeviceWait {
    /** {@code authorization_pending}, {@code slow_down} or {@code other_dc}. */
    final String error;
    /** With {@code other_dc}: the user's data centre, such as {@code eu}. */
    final String location;

    DeviceWait(String error, String location) {
      this.error = error;
      this.location = location;
    }
  }

  /** A device poll's answer: tokens, or what to wait for; a denial or expiry is a typed error. */
  static Object devicePoll(int status, String body, ApiDomains apiDomains) {
    JsonNode json = object(Call.DEVICE_TOKEN, status, body, null);
    String error = text(json, "error");
    if (error == null || status != 200) {
      return token(Call.DEVICE_TOKEN, status, body, null, apiDomains);
    }
    switch (error) {
      case "authorization_pending":
      case "slow_down":
        return new DeviceWait(error, null);
      case "other_dc":
        String location = string(Call.DEVICE_TOKEN, json, "user_location", null);
        if (location == null || !location.matches("[a-z]{2,8}")) {
          throw nonsense(Call.DEVICE_TOKEN, null, "other_dc without a user_location that names a data centre");
        }
        return new DeviceWait(error, location);
      case "access_denied":
        throw new DeviceAuthorizationDeniedException();
      case "expired":
        throw new DeviceAuthorizationExpiredException("its time");
      default:
        throw error(Call.DEVICE_TOKEN, status, json, null);
    }
  }

  /** The device flow's start: its codes, the page, and the interval and lifetime in either of Zoho's forms. */
  static JsonNode deviceCode(int status, String body) {
    JsonNode json = object(Call.DEVICE_CODE, status, body, null);
    if (status != 200 || text(json, "error") != null) {
      throw error(Call.DEVICE_CODE, status, json, null);
    }
    for (String field : new String[] {"user_code", "device_code", "verification_url"}) {
      if (string(Call.DEVICE_CODE, json, field, null) == null) {
        throw nonsense(Call.DEVICE_CODE, null, "no " + field);
      }
    }
    return json;
  }

  /**
   * A device answer's {@code interval} or {@code expires_in}. Zoho's answers to public clients give milliseconds
   * ({@code interval: 5000}, {@code expires_in: 300000}); some read them as seconds. A value below
   * {@code secondsBelow} can only be seconds (no interval is under 100 ms, no code lives under 10 s), anything else
   * is milliseconds. Absent or not a positive number: {@code otherwise}.
   */
  static Duration deviceTime(JsonNode json, String field, long secondsBelow, Duration otherwise) {
    JsonNode node = json.get(field);
    if (node == null || !node.canConvertToLong() || node.asLong() <= 0) {
      return otherwise;
    }
    long value = node.asLong();
    return value < secondsBelow ? Duration.ofSeconds(value) : Duration.ofMillis(value);
  }

  /** {@code /oauth/serverinfo}'s accounts server for {@code location}, or null when it names none. */
  static String serverOf(int status, String body, String location) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
    JsonNode server = status == 200 && json != null ? json.path("locations").get(location) : null;
    return server != null && server.isTextual() ? server.asText() : null;
  }

  static String email(int status, String body, String user) {
    JsonNode json = object(Call.USER_INFO, status, body, user);
    String email = status == 200 ? string(Call.USER_INFO, json, "Email", user) : null;
    if (email != null) {
      if (!email.equals(email.strip()) || email.length() > 255 || email.chars().anyMatch(Character::isISOControl)) {
        throw nonsense(Call.USER_INFO, user, "an Email that cannot be an email address");
      }
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

  /**
   * Whether a resource API's 401 body says the access token is invalid or expired, in any product's form (CRM's
   * {@code {"code":"INVALID_TOKEN"}}, {@code {"error":{"code":401,"message":"INVALID_OAUTHTOKEN"}}},
   * {@code {"code":"INVALID_OAUTHTOKEN"}}, {@code {"cause":"INVALID_OAUTHTOKEN"}}). A scope refusal
   * ({@code OAUTH_SCOPE_MISMATCH}, {@code INVALID_OAUTHSCOPE}) or a body in no known form is not: a refresh cannot
   * fix it.
   */
  static boolean saysTokenInvalid(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return false;
    }
    if (json == null || !json.isObject()) {
      return false;
    }
    JsonNode error = json.path("error");
    for (JsonNode node : new JsonNode[] {json.get("code"), json.get("cause"), error, error.get("code"),
        error.get("message")}) {
      if (node != null && node.isTextual() && TOKEN_REFUSALS.contains(node.asText().toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
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
        case "missing_org_info":
          return new MissingOrgInfoException(user);
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

  /**
   * The access token's lifetime: {@code expires_in_sec} in seconds, else {@code expires_in} in seconds, or in
   * milliseconds when above a day (Zoho's legacy form); an hour when neither is there. Anything that is not a whole
   * number from 1 second to 1 day is nonsense from a server that is not Zoho's.
   */
  private static Duration expiresIn(Call call, JsonNode json, String user) {
    if (json.hasNonNull("expires_in_sec")) {
      return Duration.ofSeconds(lifetime(call, json, "expires_in_sec", user, MAX_PLAUSIBLE_SECONDS));
    }
    if (json.hasNonNull("expires_in")) {
      long value = lifetime(call, json, "expires_in", user, MAX_PLAUSIBLE_SECONDS * 1000);
      return value > MAX_PLAUSIBLE_SECONDS ? Duration.ofMillis(value) : Duration.ofSeconds(value);
    }
    return ZOHO_TOKEN_LIFETIME;
  }

  private static long lifetime(Call call, JsonNode json, String field, String user, long max) {
    JsonNode node = json.get(field);
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > max) {
      throw nonsense(call, user, "a " + field + " that is not a lifetime from 1 second to 1 day ("
          + (node.isNumber() ? node.asText() : node.getNodeType().toString().toLowerCase(Locale.ROOT))
          + ")");
    }
    return node.asLong();
  }

  /** A field that must be a string when present; never quotes its value, which may be a token. */
  private static String string(Call call, JsonNode json, String field, String user) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw nonsense(call, user, "a " + field + " that is not a string");
    }
    return node.asText().isEmpty() ? null : node.asText();
  }

  private static ZohoErrorResponseException nonsense(Call call, String user, String what) {
    return new ZohoErrorResponseException("Zoho's accounts server answered with " + what + " when asked to "
        + call.purpose + forUser(user) + ". Nothing was stored. Zoho does not answer like this: check accounts_url/dc "
        + "and any proxy in between.", user, 200, null);
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
