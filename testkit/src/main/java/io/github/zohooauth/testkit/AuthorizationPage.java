package io.github.zohooauth.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code /oauth/v2/auth}, as a browser meets it, for a user already signed in to Zoho. The first time (or with
 * {@code prompt=consent}) it shows a consent screen: the client, the scopes, Accept and Deny. Accept redirects back
 * with {@code code}, {@code state}, {@code location} and {@code accounts-server}; Deny with
 * {@code error=access_denied}. A user who already consented is sent straight back, and the code then brings no new
 * refresh token, as with Zoho. A wrong client, redirect URI, response type or missing scope gets Zoho's HTML error
 * page instead. Thread-safe.
 */
final class AuthorizationPage {
  private final FakeZohoAccountsServer.Builder settings;
  private final ZohoAccounts accounts;
  private final Supplier<String> accountsUrl;
  private volatile String signedInUser;
  private final Set<String> consented = ConcurrentHashMap.newKeySet();

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

  /**
   * Whether the signed-in user must be asked: whenever the client asks with prompt=consent, and otherwise only if
   * the user never consented to this client (on this page, or by holding a refresh token of it).
   */
  boolean needsConsent(Map<String, String> params) {
    return "consent".equals(params.get("prompt"))
        || !consented.contains(signedInUser) && !accounts.hasRefreshToken(signedInUser);
  }

  /** Where the browser is sent back to, with a new grant code; {@code consentGiven} when the user just accepted. */
  String redirect(Map<String, String> params, boolean consentGiven) {
    if (consentGiven) {
      consented.add(signedInUser);
    }
    String code = accounts.newGrantCode(signedInUser, params.get("scope"),
        "offline".equals(params.get("access_type")), consentGiven);
    return back(params, "code=" + encode(code));
  }

  /** Where the browser is sent back to when the user denied. */
  String denied(Map<String, String> params) {
    return back(params, "error=access_denied");
  }

  /** The consent screen: who asks, for which scopes, for which user; the form posts the request back. */
  String consentScreen(Map<String, String> params) {
    StringBuilder scopes = new StringBuilder();
    for (String scope : params.get("scope").split("[, ]+")) {
      scopes.append("<li>").append(html(scope)).append("</li>");
    }
    StringBuilder hidden = new StringBuilder();
    for (Map.Entry<String, String> field : params.entrySet()) {
      if (!field.getKey().equals("decision")) {
        hidden.append("<input type='hidden' name='").append(html(field.getKey())).append("' value='")
            .append(html(field.getValue())).append("'>");
      }
    }
    return "<!doctype html><html><head><meta charset='utf-8'><title>Zoho Accounts (testkit)</title><style>"
        + "body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0}main{max-width:28rem;margin:4rem auto;"
        + "background:#fff;border-radius:10px;padding:2rem;box-shadow:0 2px 12px #0002}h1{font-size:1.3rem}"
        + "button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #c8ccd0;margin-right:.5rem;"
        + "cursor:pointer}#accept{background:#1a73e8;color:#fff;border-color:#1a73e8}small{color:#667}</style>"
        + "</head><body><main><h1>Allow access?</h1><p>The application <b id='client'>" + html(params.get("client_id"))
        + "</b> asks to access the Zoho account of <b id='user'>" + html(signedInUser) + "</b>:</p><ul id='scopes'>"
        + scopes + "</ul><form method='post' action='/oauth/v2/auth'>" + hidden
        + "<button id='accept' name='decision' value='accept'>Accept</button>"
        + "<button id='deny' name='decision' value='deny'>Deny</button></form>"
        + "<p><small>A consent screen of the zoho-oauth-java testkit, which stands in for Zoho.</small></p>"
        + "</main></body></html>";
  }

  private String back(Map<String, String> params, String outcome) {
    StringBuilder location = new StringBuilder(settings.redirectUri)
        .append(settings.redirectUri.contains("?") ? '&' : '?')
        .append(outcome)
        .append("&location=").append(encode(settings.location))
        .append("&accounts-server=").append(encode(accountsUrl.get()));
    if (params.containsKey("state")) {
      location.append("&state=").append(encode(params.get("state")));
    }
    return location.toString();
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
        .replace("\"", "&quot;");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
