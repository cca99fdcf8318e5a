package io.github.zohooauth.internal.http;

import io.github.zohooauth.AccessType;
import io.github.zohooauth.DataCenter;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.UntrustedDestinationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which accounts servers the client secret may be sent to, and the authorization page URL there. The rules live
 * here once: the configured server must be a bare https origin (http only on loopback, for the testkit fake), and a
 * grant may be exchanged only there or at one of Zoho's own accounts servers, since the {@code accounts-server}
 * of a redirect comes from a browser.
 */
public final class AccountsServers {
  private AccountsServers() {}

  /**
   * {@code url} without trailing slashes, checked to be a bare origin the secret may travel to.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String checkedOrigin(String url) {
    String trimmed = url.replaceAll("/+$", "");
    URI parsed;
    try {
      parsed = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + "): write it with its scheme, like "
          + "https://accounts.zoho.eu, or http://127.0.0.1:9000 for the testkit fake");
    }
    if (parsed.getHost() == null || parsed.getScheme() == null) {
      throw new IllegalArgumentException("not an absolute URL (write it like https://accounts.zoho.eu)");
    }
    if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null
        || (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty())) {
      // https://accounts.zoho.com@evil.example sends the secret to evil.example; a path or query has no place here
      throw new IllegalArgumentException("not a bare server address: write only scheme, host and port, like "
          + "https://accounts.zoho.eu (no user@, path, query or fragment)");
    }
    if (!"https".equalsIgnoreCase(parsed.getScheme())
        && !("http".equalsIgnoreCase(parsed.getScheme()) && ApiDomains.isLoopback(parsed.getHost()))) {
      throw new IllegalArgumentException("not https: the client secret would cross the network in clear "
          + "(http is accepted only for localhost, as used by the testkit fake)");
    }
    return trimmed;
  }

  /**
   * The server a redirect named for a grant exchange, if the secret may go there: the configured one, or one of
   * Zoho's accounts servers.
   *
   * @throws ConfigurationException for any other server
   */
  public static String checkedGrantServer(String server, List<String> trusted) {
    String trimmed = server.trim().replaceAll("/+$", "");
    if (!isTrusted(trimmed, trusted)) {
      throw new ConfigurationException("Refusing to exchange a grant code at '" + shown(trimmed) + "': it is not one "
          + "of Zoho's accounts servers (nor the configured " + trusted.get(0) + ", nor on accounts_server_allowlist),"
          + " and the client secret would be sent there. A forged redirect can name any server; only "
          + "accounts-server values Zoho issues are accepted.");
    }
    return trimmed;
  }

  /** The configured server, those on {@code accounts_server_allowlist}, and Zoho's own. */
  private static boolean isTrusted(String server, List<String> trusted) {
    return DataCenter.fromAccountsUrl(server).isPresent()
        || trusted.stream().anyMatch(server::equalsIgnoreCase);
  }

  /**
   * The accounts server stored with a user's tokens, if the client secret and the user's refresh token may go there:
   * the configured one, or one of Zoho's accounts servers (the rule {@link #checkedGrantServer} applies to a
   * redirect). The store keeps this value in plain text, and whoever can write to the store must not be able to
   * decide where secrets go.
   *
   * @throws UntrustedDestinationException for any other server; nothing has been sent
   */
  public static String checkedStoredServer(String stored, List<String> trusted, String user, String purpose) {
    String trimmed = stored.trim().replaceAll("/+$", "");
    if (isTrusted(trimmed, trusted)) {
      return trimmed;
    }
    throw new UntrustedDestinationException("Refusing to " + purpose + " of user '" + user + "' at the accounts "
        + "server stored with the tokens, '" + shown(trimmed) + "': it is neither the configured " + trusted.get(0)
        + " nor one of Zoho's accounts servers (nor on accounts_server_allowlist), and the client secret and the "
        + "refresh token would be sent there. Someone or something wrote it into the token store. Nothing was sent "
        + "and the stored tokens were not changed. If it is an accounts server you trust (a data centre Zoho "
        + "added), list it in accounts_server_allowlist; otherwise remove the user's entry from the token store and "
        + "authorize the user again.", user, shown(trimmed));
  }

  /**
   * A URL read from somewhere untrusted, fit for a message (unquoted): scheme, host, port and path, never user info
   * (which can hold a password), control characters made visible, cut at 120 characters.
   */
  public static String shown(String url) {
    String text;
    try {
      URI parsed = new URI(url);
      text = parsed.getHost() == null ? url
          : parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
              + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
    } catch (URISyntaxException e) {
      text = url.replaceAll("//[^/@]*@", "//");
    }
    StringBuilder clean = new StringBuilder();
    text.codePoints().limit(120).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return clean + (text.length() > 120 ? "..." : "");
  }

  /** {@code uri}, checked to be absolute, as a redirect URI must be registered. */
  public static String checkedRedirectUri(String uri) {
    try {
      if (!new URI(uri).isAbsolute()) {
        throw new IllegalArgumentException("not an absolute URI (write it as registered, such as "
            + "https://app.example.com/oauth/callback)");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + e.getReason());
    }
    return uri;
  }

  /** The authorization page at {@code accountsUrl}; it never carries the client secret. */
  public static URI authorizationPage(String accountsUrl, String clientId, String redirectUri, String scopes,
      AccessType accessType, boolean promptConsent, String state) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("scope", scopes);
    query.put("client_id", clientId);
    query.put("response_type", "code");
    query.put("access_type", accessType.value());
    query.put("redirect_uri", redirectUri);
    if (promptConsent) {
      query.put("prompt", "consent");
    }
    if (state != null) {
      query.put("state", state);
    }
    return URI.create(accountsUrl + "/oauth/v2/auth?" + FormEncoding.encode(query));
  }
}
