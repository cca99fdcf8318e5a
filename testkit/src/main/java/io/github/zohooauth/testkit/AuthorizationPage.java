package io.github.zohooauth.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /oauth/v2/auth}, as a browser meets it: a user already signed in consents at once, and the page
 * redirects back with {@code code}, {@code state}, {@code location} and {@code accounts-server}; a wrong client,
 * redirect URI, response type or missing scope gets Zoho's HTML error page instead. Thread-safe.
 */
final class AuthorizationPage {
  private final FakeZohoAccountsServer.Builder settings;
  private final ZohoAccounts accounts;
  private final Supplier<String> accountsUrl;
  private volatile String signedInUser;

  AuthorizationPage(FakeZohoAccountsServer.Builder settings, ZohoAccounts accounts, Supplier<String> accountsUrl) {
    this.settings = settings;
    this.accounts = accounts;
    this.accountsUrl = accountsUrl;
    this.signedInUser = settings.signedInUser;
  }

  void signInAs(String email) {
    this.signedInUser = Objects.requireNonNull(email, "email");
  }

  /** The problem Zoho's page would show for these parameters, or null when there is none. */
  String problem(Map<String, String> params) {
    if (!settings.clientId.equals(params.get("client_id"))) {
      return "Invalid Client";
    }
    if (!settings.redirectUri.equals(params.get("redirect_uri"))) {
      return "Invalid Redirect Uri";
    }
    if (!"code".equals(params.get("response_type"))) {
      return "Invalid response_type";
    }
    if (params.getOrDefault("scope", "").isEmpty()) {
      return "Invalid scope";
    }
    return null;
  }

  /** Where the browser is sent back to, with a new grant code for the signed-in user. */
  String redirect(Map<String, String> params) {
    String code = accounts.newGrantCode(signedInUser, params.get("scope"),
        "offline".equals(params.get("access_type")), "consent".equals(params.get("prompt")));
    StringBuilder location = new StringBuilder(settings.redirectUri)
        .append(settings.redirectUri.contains("?") ? '&' : '?')
        .append("code=").append(encode(code))
        .append("&location=").append(encode(settings.location))
        .append("&accounts-server=").append(encode(accountsUrl.get()));
    if (params.containsKey("state")) {
      location.append("&state=").append(encode(params.get("state")));
    }
    return location.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
