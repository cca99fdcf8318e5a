package io.github.zohooauth.internal.http;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.internal.Sleeper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The client's conversations with Zoho's accounts server that make or end tokens: a grant exchange (with the
 * user-info call that names the user), a refresh, a revoke. Each turns Zoho's answer into tokens, and refuses an
 * answer that would be expired on arrival; none of them writes to the store (the client does). Thread-safe.
 */
public final class TokenExchanges {
  private static final System.Logger LOG = System.getLogger(TokenExchanges.class.getName());
  private static final java.util.regex.Pattern SOID = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.[0-9]+");

  private final ZohoAccountsApi api;
  private final Clock clock;
  private final Duration expiryMargin;
  private final String accountsUrl;
  private final List<String> trustedServers;
  private final String redirectUri;
  private final ApiDomains apiDomains;

  /**
   * Exchanges over one HTTP client made from {@code http}, which {@link #resourceCalls()} shares.
   *
   * @param trustedServers the accounts servers besides Zoho's own that secrets may go to: the configured one first,
   *     then those of {@code accounts_server_allowlist}
   * @param apiHosts the hosts of {@code api_domain_allowlist}, which a token answer's {@code api_domain} and the API
   *     calls may name besides Zoho's own API hosts
   * @param sleeper makes the pauses between retries
   * @throws ConfigurationException when the proxy credentials cannot be sent to the configured accounts server
   */
  public TokenExchanges(HttpSettings http, String clientId, String clientSecret, List<String> trustedServers,
      Collection<String> apiHosts, String redirectUri, Clock clock, Duration expiryMargin, Sleeper sleeper) {
    this.trustedServers = List.copyOf(trustedServers);
    this.accountsUrl = trustedServers.get(0);
    if (http.proxyHost().isPresent() && http.proxyUser().isPresent()) {
      ProxyAuthentication.basicRefusedFor(URI.create(accountsUrl).getScheme()).ifPresent(why -> {
        throw new ConfigurationException("Proxy credentials are set (proxyUser and proxyPassword in the "
            + "properties, HttpSettings.withProxyCredentials in code), but " + why + ".");
      });
    }
    this.apiDomains = ApiDomains.of(accountsUrl, apiHosts);
    this.api = new ZohoAccountsApi(http, clientId, clientSecret, apiDomains, sleeper);
    this.clock = clock;
    this.expiryMargin = expiryMargin;
    this.redirectUri = redirectUri;
  }

  /** Calls to Zoho's APIs with a user's token, over this client's HTTP client and its trusted API hosts. */
  public ResourceCalls resourceCalls() {
    return new ResourceCalls(api, apiDomains);
  }

  /**
   * Exchanges a grant code at {@code server}. With no {@code knownUser}, the user is who {@code /oauth/user/info}
   * says; {@code checkUser} vets that answer. A refresh token Zoho issued for a grant that goes no further (its user
   * refused, an answer expired on arrival) is revoked at once, so it does not linger.
   */
  public Grant exchangeGrant(String grantToken, String knownUser, String server, Function<String, String> checkUser) {
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.exchangeGrantCode(server, grantToken, redirectUri(), knownUser);
    return grantOf(answer, knownUser, server, checkUser, requestedAt);
  }

  /**
   * Starts Zoho's device flow at the configured accounts server: the codes, the page to send the user to, and how
   * often and how long to poll.
   */
  public DeviceCode startDevice(String scope, String accessType, boolean consent) {
    Instant requestedAt = clock.instant();
    com.fasterxml.jackson.databind.JsonNode answer = api.deviceCode(accountsUrl, scope, accessType, consent);
    return new DeviceCode(answer.get("user_code").asText(), answer.get("device_code").asText(),
        answer.get("verification_url").asText(), answer.path("verification_uri_complete").asText(null),
        ZohoAnswers.deviceTime(answer, "interval", 100, Duration.ofSeconds(30)),
        ZohoAnswers.deviceTime(answer, "expires_in", 10_000, Duration.ofMinutes(5)), accountsUrl, requestedAt);
  }

  /**
   * One poll at {@code server} for the device's tokens: the grant, once the user approved (named by
   * {@code /oauth/user/info}, vetted by {@code checkUser}); else what to wait for.
   *
   * @throws io.github.zohooauth.exception.DeviceAuthorizationDeniedException when the user refused
   * @throws io.github.zohooauth.exception.DeviceAuthorizationExpiredException when the code expired
   */
  public DevicePoll pollDevice(DeviceCode code, String server, Function<String, String> checkUser) {
    Instant requestedAt = clock.instant();
    Object answer = api.deviceToken(server, code.deviceCode);
    if (answer instanceof ZohoAnswers.DeviceWait) {
      ZohoAnswers.DeviceWait wait = (ZohoAnswers.DeviceWait) answer;
      return new DevicePoll(wait.error, wait.location, null);
    }
    return new DevicePoll(null, null, grantOf((TokenResponse) answer, null, server, checkUser, requestedAt));
  }

  /**
   * The accounts server of the data centre {@code location} (from a device poll's {@code other_dc}): as the
   * configured server's {@code /oauth/serverinfo} lists it, else Zoho's table. The client secret goes there, so it
   * must pass the rule for grant servers.
   *
   * @throws ConfigurationException when it is none of the servers secrets may go to
   */
  public String deviceServerOf(String location) {
    String listed = api.serverOf(accountsUrl, location);
    String server = listed != null ? listed : io.github.zohooauth.DataCenter.fromCode(location)
        .map(io.github.zohooauth.DataCenter::accountsUrl).orElse(null);
    if (server == null) {
      throw new ZohoErrorResponseException("Zoho said the user of this device belongs to the data centre '" + location
          + "', whose accounts server is unknown here. Add it to accounts_server_allowlist once Zoho names it.",
          null, 200, "other_dc");
    }
    return checkedGrantServer(server);
  }

  private Grant grantOf(TokenResponse answer, String knownUser, String server, Function<String, String> checkUser,
      Instant requestedAt) {
    String user = knownUser;
    try {
      if (user == null) {
        user = checkUser.apply(api.userEmail(server, answer.accessToken()));
      }
      usable(answer, user);
    } catch (ZohoOAuthException | IllegalArgumentException e) {
      revokeOrphan(answer, server, user);
      throw e;
    }
    return new Grant(user, server, answer, requestedAt);
  }

  /**
   * The tokens to store for {@code grant}. {@code previous}, what is stored for the user, lends its refresh token
   * when the answer has none (a second offline grant without {@code prompt=consent}).
   */
  public ZohoOAuthTokens tokensOf(Grant grant, ZohoOAuthTokens previous) {
    ZohoOAuthTokens.Builder base = grant.answer.refreshToken() == null && previous != null ? previous.toBuilder()
        : ZohoOAuthTokens.builder().userIdentifier(grant.user);
    base.accountsServer(grant.server.equalsIgnoreCase(accountsUrl) ? null : grant.server);
    return grant.answer.applyTo(base, grant.requestedAt);
  }

  /**
   * Revokes the refresh token Zoho issued for {@code grant}, which could not be stored.
   *
   * @return whether there was one to revoke
   * @throws ZohoOAuthException when Zoho could not be told
   */
  public boolean revokeIssued(Grant grant) {
    if (grant.answer.refreshToken() == null) {
      return false;
    }
    api.revoke(grant.server, grant.answer.refreshToken(), grant.user);
    return true;
  }

  /**
   * Zoho keeps every refresh token alive until it is revoked, and at most 20 per user (the 21st silently evicts the
   * oldest). A refresh token this client replaced is revoked once the new one is stored: an orphan would stay usable
   * wherever it leaked, and a restored backup's token would still work.
   *
   * @return whether there was a different refresh token to revoke
   * @throws ZohoOAuthException when Zoho could not be told; the caller reports it and does not fail the write,
   *     which already happened
   */
  public boolean revokeReplaced(ZohoOAuthTokens replaced, ZohoOAuthTokens fresh) {
    if (replaced == null || replaced.refreshToken() == null
        || replaced.refreshToken().equals(fresh.refreshToken())) {
      return false;
    }
    api.revoke(accountsUrlOf(replaced, "revoke the replaced refresh token"), replaced.refreshToken(),
        fresh.userIdentifier());
    return true;
  }

  /** A device flow under way: what to show the user, and what polling needs. Its device code is never shown. */
  public static final class DeviceCode {
    public final String userCode;
    final String deviceCode;
    public final String verificationUrl;
    /** The page with the code filled in, when Zoho gives one; else null. */
    public final String verificationUrlComplete;
    public final Duration interval;
    public final Duration expiresIn;
    /** Where polling starts. */
    public final String server;
    public final Instant startedAt;

    DeviceCode(String userCode, String deviceCode, String verificationUrl, String verificationUrlComplete,
        Duration interval, Duration expiresIn, String server, Instant startedAt) {
      this.userCode = userCode;
      this.deviceCode = deviceCode;
      this.verificationUrl = verificationUrl;
      this.verificationUrlComplete = verificationUrlComplete;
      this.interval = interval;
      this.expiresIn = expiresIn;
      this.server = server;
      this.startedAt = startedAt;
    }
  }

  /** A device poll's outcome: a grant, or {@code authorization_pending}, {@code slow_down} or {@code other_dc}. */
  public static final class DevicePoll {
    /** Null when the grant is here. */
    public final String waitFor;
    /** With {@code other_dc}: the user's data centre. */
    public final String location;
    public final Grant grant;

    DevicePoll(String waitFor, String location, Grant grant) {
      this.waitFor = waitFor;
      this.location = location;
      this.grant = grant;
    }
  }

  /** A grant exchanged at Zoho and not stored yet: whose it is, where it was exchanged, and Zoho's answer. */
  public static final class Grant {
    private final String user;
    private final String server;
    private final TokenResponse answer;
    private final Instant requestedAt;

    Grant(String user, String server, TokenResponse answer, Instant requestedAt) {
      this.user = user;
      this.server = server;
      this.answer = answer;
      this.requestedAt = requestedAt;
    }

    public String user() {
      return user;
    }

    /** Whether Zoho issued a refresh token with it (an offline grant with consent). */
    public boolean issuedRefreshToken() {
      return answer.refreshToken() != null;
    }
  }

  /** The tokens for a refresh token obtained elsewhere: a first access token fetched with it. */
  public ZohoOAuthTokens fromRefreshToken(String refreshToken, String user) {
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.refresh(accountsUrl, refreshToken, user);
    return usable(answer, user).applyTo(ZohoOAuthTokens.builder().userIdentifier(user).refreshToken(refreshToken),
        requestedAt);
  }

  /**
   * Whether {@code identifier} names an organisation as Zoho's {@code soid} does: a service and an org id,
   * {@code ZohoCRM.600000434}. No email has this form, so a user is never taken for an organisation.
   */
  public static boolean isOrganisation(String identifier) {
    return identifier != null && SOID.matcher(identifier).matches();
  }

  /**
   * The tokens of a Self Client for the organisation {@code soid}, from Zoho's {@code client_credentials} grant:
   * stored under {@code soid}, with the scopes that get the next one, and no refresh token.
   */
  public ZohoOAuthTokens fromClientCredentials(String soid, String scope) {
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.clientCredentials(accountsUrl, soid, scope);
    return usable(answer, soid).applyTo(ZohoOAuthTokens.builder().userIdentifier(soid).scope(scope), requestedAt);
  }

  /**
   * {@code stale} with a new access token: the refresh engine's call to Zoho. An organisation's token (no refresh
   * token, stored under its {@code soid} with its scopes) is replaced by the same client-credentials call that got it.
   */
  public ZohoOAuthTokens refresh(ZohoOAuthTokens stale) {
    String user = stale.userIdentifier();
    boolean organisation = stale.refreshToken() == null && isOrganisation(user) && stale.scope() != null;
    if (stale.refreshToken() == null && !organisation) {
      throw new ZohoOAuthException("The access token of user '" + user + "' has expired and no "
          + "refresh token is stored (the grant was made with access_type=online). Authorize the user again with "
          + "access_type=offline.", user, null);
    }
    Instant requestedAt = clock.instant();
    TokenResponse answer = organisation
        ? api.clientCredentials(accountsUrlOf(stale, "get the organisation a new token"), user,
            String.join(",", stale.scope().trim().split("[ ,]+")))
        : api.refresh(accountsUrlOf(stale, "refresh the access token"), stale.refreshToken(), user);
    return usable(answer, user).applyTo(stale.toBuilder(), requestedAt);
  }


  /** Revokes the held refresh token (or, with none, the access token); false when Zoho no longer knew it. */
  public boolean revoke(ZohoOAuthTokens held) {
    String token = held.refreshToken() != null ? held.refreshToken() : held.accessToken();
    return api.revoke(accountsUrlOf(held, "revoke the token"), token, held.userIdentifier());
  }

  /**
   * {@code server}, named by a redirect, if a grant may be exchanged there.
   *
   * @throws io.github.zohooauth.exception.ConfigurationException when it is not trusted
   */
  public String checkedGrantServer(String server) {
    return AccountsServers.checkedGrantServer(server, trustedServers);
  }

  /** The configured redirect URI, which grant exchanges and authorization URLs need. */
  public String redirectUri() {
    if (redirectUri == null) {
      throw new ConfigurationException("redirect_uri is not configured: the grant exchange and the authorization URL "
          + "need the redirect URI registered for this client in the Zoho API console. Set redirect_uri (or "
          + "ZohoOAuthClientBuilder.redirectUri).");
    }
    return redirectUri;
  }

  /**
   * A refresh token of a grant that goes no further (its user unknown or refused, its answer expired on arrival)
   * would linger, counting toward Zoho's 20 per user: revoke it.
   */
  private void revokeOrphan(TokenResponse answer, String server, String user) {
    if (answer.refreshToken() == null) {
      return;
    }
    try {
      api.revoke(server, answer.refreshToken(), user);
    } catch (ZohoOAuthException e) {
      LOG.log(Level.WARNING, "could not revoke the refresh token of a grant that went no further (its user unknown "
          + "or refused, or its answer expired on arrival): {0}", e.getMessage());
    }
  }

  /** An answer whose token would be expired by this client's own rule on arrival is no answer. */
  private TokenResponse usable(TokenResponse answer, String user) {
    if (answer.expiresIn().compareTo(expiryMargin) <= 0) {
      throw new ZohoErrorResponseException("Zoho's accounts server gave the new access token of user '" + user
          + "' " + answer.expiresIn().toSeconds() + " s to live, no more than the expiry margin (expiry_margin_seconds="
          + expiryMargin.toSeconds() + "): it would be expired on arrival. Zoho's tokens live 3600 s; check "
          + "accounts_url/dc and any proxy in between. Nothing was stored.", user, 200, null);
    }
    return answer;
  }

  /** Where the held tokens' secrets may go: the stored server only when it passes the rule for stored servers. */
  private String accountsUrlOf(ZohoOAuthTokens held, String purpose) {
    return held.accountsServer() == null ? accountsUrl
        : AccountsServers.checkedStoredServer(held.accountsServer(), trustedServers, held.userIdentifier(), purpose);
  }
}
