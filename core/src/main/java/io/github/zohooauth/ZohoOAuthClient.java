package io.github.zohooauth;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.GrantNotStoredException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.internal.http.ApiDomains;
import io.github.zohooauth.internal.http.FormEncoding;
import io.github.zohooauth.internal.http.ResourceCalls;
import io.github.zohooauth.internal.http.TokenResponse;
import io.github.zohooauth.internal.http.ZohoAccountsApi;
import io.github.zohooauth.internal.refresh.RefreshSettings;
import io.github.zohooauth.internal.refresh.TokenManager;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Obtains, stores and refreshes Zoho OAuth tokens for any number of users. Thread-safe; build one per application
 * (or get it from {@link ZohoOAuth#getClientInstance()}) and share it.
 *
 * <pre>{@code
 * ZohoOAuthClient client = ZohoOAuthClient.builder()
 *     .clientId("1000.XXXX").clientSecret(secret).redirectUri("https://app.example.com/oauth/callback")
 *     .dataCenter(DataCenter.EU)
 *     .tokenStore(store)
 *     .build();
 * client.generateAccessToken(grantToken);               // once per user
 * String token = client.getAccessToken("user@example.com");  // on every API call
 * }</pre>
 */
public final class ZohoOAuthClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ZohoOAuthClient.class.getName());
  private static final int GRANT_SAVE_ATTEMPTS = 3;
  private static final long GRANT_SAVE_PAUSE_MS = 250;

  private final String clientId;
  private final String redirectUri;
  private final String scope;
  private final AccessType accessType;
  private final String accountsUrl;
  private final String currentUserEmail;
  private final Clock clock;
  private final ZohoAccountsApi api;
  private final TokenPersistenceHandler store;
  private final TokenManager tokens;
  private final Duration expiryMargin;
  private final ZohoApiClient apiClient;

  private ZohoOAuthClient(Builder builder) {
    this.clientId = builder.clientId;
    this.redirectUri = builder.redirectUri;
    this.scope = builder.scope;
    this.accessType = builder.accessType;
    this.accountsUrl = builder.accountsUrl;
    this.currentUserEmail = builder.currentUserEmail;
    this.clock = builder.clock;
    ApiDomains apiDomains = ApiDomains.of(builder.accountsUrl, builder.allowedApiHosts);
    this.api = new ZohoAccountsApi(builder.http, builder.clientId, builder.clientSecret, apiDomains);
    this.expiryMargin = builder.refreshSettings.policy().expiryMargin();
    this.store = builder.store;
    this.tokens = new TokenManager(store, this::refresh, builder.refreshSettings);
    this.apiClient = new ZohoApiClient(this, new ResourceCalls(api), apiDomains,
        DataCenter.fromAccountsUrl(accountsUrl).map(DataCenter::apiDomain).orElse(null));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Exchanges a grant token, learns whose it is from {@code /oauth/user/info} (scope {@code AaaServer.profile.READ}
   * is needed) and stores the tokens under the user's email.
   *
   * @return the stored tokens; {@link ZohoOAuthTokens#userIdentifier()} is the email
   */
  public ZohoOAuthTokens generateAccessToken(String grantToken) {
    return generate(grantToken, null, accountsUrl);
  }

  /**
   * Like {@link #generateAccessToken(String)}, at the accounts server of the user's data centre, as named by the
   * {@code accounts-server} parameter of the authorization redirect in a multi-data-centre app. The tokens remember
   * it, so their refreshes go there too. Only Zoho's accounts servers (and the configured one) are accepted: the
   * parameter comes from a browser, and the client secret travels with the exchange.
   *
   * @throws ConfigurationException when {@code accountsServer} is not one of Zoho's accounts servers
   */
  public ZohoOAuthTokens generateAccessTokenAt(String accountsServer, String grantToken) {
    String server = requireText(accountsServer, "accountsServer").replaceAll("/+$", "");
    if (!server.equalsIgnoreCase(accountsUrl) && !DataCenter.fromAccountsUrl(server).isPresent()) {
      throw new ConfigurationException("Refusing to exchange a grant token at '" + server + "': it is not one of "
          + "Zoho's accounts servers (nor the configured " + accountsUrl + "), and the client secret would be sent "
          + "there. A forged redirect can name any server; only accounts-server values Zoho issues are accepted.");
    }
    return generate(grantToken, null, server);
  }

  /** Exchanges a grant token and stores the tokens under {@code userIdentifier}, with no user-info call. */
  public ZohoOAuthTokens generateAccessToken(String grantToken, String userIdentifier) {
    return generate(grantToken, UserIdentifiers.check(userIdentifier), accountsUrl);
  }

  /**
   * Stores a user from a refresh token obtained elsewhere (a cron job, another tool): fetches an access token with it
   * and stores both under {@code userIdentifier}.
   */
  public ZohoOAuthTokens generateAccessTokenFromRefreshToken(String refreshToken, String userIdentifier) {
    requireText(refreshToken, "refreshToken");
    UserIdentifiers.check(userIdentifier);
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.refresh(accountsUrl, refreshToken, userIdentifier);
    ZohoOAuthTokens fresh = usable(answer, userIdentifier).applyTo(
        ZohoOAuthTokens.builder().userIdentifier(userIdentifier).refreshToken(refreshToken), requestedAt);
    tokens.save(fresh);
    return fresh;
  }

  /**
   * A valid access token for the user, from memory on nearly every call; refreshed in the background shortly before
   * it expires, and refreshed while the caller waits only when it is already expired.
   *
   * @throws io.github.zohooauth.exception.UnknownUserException when no tokens are stored for the user
   * @throws io.github.zohooauth.exception.RefreshTokenRevokedException when the user must authorize again
   */
  public String getAccessToken(String userIdentifier) {
    return tokens.accessToken(UserIdentifiers.check(userIdentifier));
  }

  /** {@link #getAccessToken(String)} for the configured {@code currentUserEmail}. */
  public String getAccessToken() {
    if (currentUserEmail == null) {
      throw new ConfigurationException("getAccessToken() with no user needs currentUserEmail in the configuration "
          + "(or Builder.currentUserEmail); otherwise call getAccessToken(userIdentifier).");
    }
    return tokens.accessToken(currentUserEmail);
  }

  /**
   * Zoho refused {@code rejectedAccessToken} (an API answered 401 {@code INVALID_TOKEN} or
   * {@code INVALID_OAUTHTOKEN}): returns a valid access token that is not that one. Call it from your own HTTP
   * client's 401 handling; {@link #apiClient()} does it for you.
   *
   * <ul>
   *   <li>When the user's current token, here or in the store (another instance's refresh), already differs from the
   *       rejected one, it is returned with no request to Zoho.</li>
   *   <li>Otherwise one refresh runs for every caller that reports the same token: one in this process, and one in a
   *       fleet sharing a store, whose lease holder re-reads the store first. {@link #getAccessToken(String)} never
   *       hands the rejected token out again.</li>
   *   <li>When Zoho refuses the new token too, within a minute, no refresh of the user runs for a while (a minute,
   *       doubling while it goes on): a {@link io.github.zohooauth.exception.NewTokenRefusedException} says what to
   *       check. A refusal loop cannot spend Zoho's limit of 10 new tokens per 10 minutes.</li>
   * </ul>
   *
   * <p>This is also where changes made elsewhere are noticed at the latest: a user deleted or re-authorized by another
   * instance or the CLI is re-read here, so it gives {@link io.github.zohooauth.exception.UnknownUserException} or
   * the new tokens.
   *
   * @throws io.github.zohooauth.exception.RefreshTokenRevokedException when the user must authorize again
   * @throws io.github.zohooauth.exception.NewTokenRefusedException when Zoho refuses even new tokens
   */
  public String refreshAccessToken(String userIdentifier, String rejectedAccessToken) {
    return tokens.refreshRejected(UserIdentifiers.check(userIdentifier),
        requireText(rejectedAccessToken, "rejectedAccessToken"));
  }

  /**
   * Calls Zoho's APIs with the users' tokens and recovers by itself from a refused token; see {@link ZohoApiClient}.
   */
  public ZohoApiClient apiClient() {
    return apiClient;
  }

  CompletableFuture<String> accessTokenAsync(String userIdentifier) {
    return tokens.accessTokenAsync(userIdentifier);
  }

  CompletableFuture<String> refreshAccessTokenAsync(String userIdentifier, String rejectedAccessToken) {
    return tokens.refreshRejectedAsync(userIdentifier, rejectedAccessToken);
  }

  /** The user's tokens as held now, with no refresh (the access token may be expired). */
  public ZohoOAuthTokens getTokens(String userIdentifier) {
    return tokens.tokens(UserIdentifiers.check(userIdentifier));
  }

  /**
   * Every user with stored tokens, sorted.
   *
   * @throws UnsupportedOperationException when the store cannot list its users (a third-party store)
   */
  public List<String> getUserIdentifiers() {
    return tokens.storedUsers();
  }

  /** Where the user's access token stands: fresh, stale (a refresh is due) or expired. */
  public TokenState getTokenState(String userIdentifier) {
    return tokens.state(UserIdentifiers.check(userIdentifier));
  }

  /** Stores tokens obtained by other means, replacing the user's stored tokens. */
  public void saveTokens(ZohoOAuthTokens tokensToSave) {
    UserIdentifiers.check(Objects.requireNonNull(tokensToSave, "tokens").userIdentifier());
    tokens.save(tokensToSave);
  }

  /**
   * Revokes the user's refresh token at Zoho (which also ends its access tokens) and deletes the stored tokens. When
   * Zoho no longer knows the token, it is already dead and the stored tokens are deleted all the same; when Zoho
   * cannot be reached, nothing is deleted.
   */
  public void revokeRefreshToken(String userIdentifier) {
    ZohoOAuthTokens held = tokens.tokens(UserIdentifiers.check(userIdentifier));
    String token = held.refreshToken() != null ? held.refreshToken() : held.accessToken();
    if (!api.revoke(accountsUrlOf(held), token, userIdentifier)) {
      LOG.log(Level.INFO, "Zoho no longer knew the token of user ''{0}''; deleting the stored tokens", userIdentifier);
    }
    tokens.delete(userIdentifier);
  }

  /** The authorization page URL for the configured scopes, with {@code state}. */
  public URI authorizationUrl(String state) {
    return authorizationUrl(AuthorizationRequest.withConfiguredScopes().state(state));
  }

  /** The authorization page URL for {@code request}. It carries the client id, never the client secret. */
  public URI authorizationUrl(AuthorizationRequest request) {
    String scopes = request.scopes().isEmpty() ? scope : String.join(",", request.scopes());
    if (scopes == null) {
      throw new ConfigurationException("The authorization URL needs scopes: set scope in the configuration "
          + "(comma-separated, for example ZohoCRM.modules.ALL,AaaServer.profile.READ) or pass them in "
          + "AuthorizationRequest.withScopes(...).");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("scope", scopes);
    query.put("client_id", clientId);
    query.put("response_type", "code");
    query.put("access_type", (request.accessType() != null ? request.accessType() : accessType).value());
    query.put("redirect_uri", requireRedirectUri());
    if (request.isPromptConsent()) {
      query.put("prompt", "consent");
    }
    if (request.state() != null) {
      query.put("state", request.state());
    }
    return URI.create(accountsUrl + "/oauth/v2/auth?" + FormEncoding.encode(query));
  }

  /** The accounts server this client talks to, such as {@code https://accounts.zoho.eu}. */
  public String accountsUrl() {
    return accountsUrl;
  }

  /** Stops the refresh threads (callers still waiting get an error) and closes the token store. */
  @Override
  public void close() {
    tokens.close();
    store.close();
  }

  @Override
  public String toString() {
    return "ZohoOAuthClient{clientId=" + clientId + ", accountsUrl=" + accountsUrl + ", store="
        + store.getClass().getSimpleName() + "}";
  }

  private ZohoOAuthTokens generate(String grantToken, String knownUser, String server) {
    requireText(grantToken, "grantToken");
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.exchangeGrantCode(server, grantToken, requireRedirectUri(), knownUser);
    String user = knownUser;
    if (user == null) {
      try {
        user = UserIdentifiers.check(api.userEmail(server, answer.accessToken()));
      } catch (ZohoOAuthException | IllegalArgumentException e) {
        revokeOrphan(answer, server);
        throw e;
      }
    }
    // A second offline grant without prompt=consent carries no refresh token: keep the one already stored.
    ZohoOAuthTokens previous = answer.refreshToken() == null ? tokens.storedTokens(user).orElse(null) : null;
    ZohoOAuthTokens.Builder base = previous != null ? previous.toBuilder() : ZohoOAuthTokens.builder().userIdentifier(user);
    base.accountsServer(server.equalsIgnoreCase(accountsUrl) ? null : server);
    ZohoOAuthTokens fresh = usable(answer, user).applyTo(base, requestedAt);
    storeGrant(fresh, answer.refreshToken(), server);
    return fresh;
  }

  /**
   * Stores the tokens of a grant. The grant code is spent by now, so a store failure must not orphan the refresh
   * token Zoho just issued: the save is tried {@value #GRANT_SAVE_ATTEMPTS} times, a moment apart, and if the store
   * still fails that refresh token is revoked, so it does not linger and count toward Zoho's 20 per user.
   */
  private void storeGrant(ZohoOAuthTokens fresh, String newRefreshToken, String server) {
    String user = fresh.userIdentifier();
    TokenStoreException failure = null;
    for (int attempt = 1; attempt <= GRANT_SAVE_ATTEMPTS; attempt++) {
      try {
        tokens.save(fresh);
        return;
      } catch (TokenStoreException e) {
        failure = e;
      }
      if (attempt < GRANT_SAVE_ATTEMPTS && !pause(GRANT_SAVE_PAUSE_MS * attempt)) {
        break;
      }
    }
    String outcome;
    boolean revoked = false;
    if (newRefreshToken == null) {
      outcome = "Zoho issued no new refresh token for it, so nothing lingers at Zoho.";
    } else {
      try {
        api.revoke(server, newRefreshToken, user);
        revoked = true;
        outcome = "The refresh token Zoho issued for it was revoked, so it does not linger.";
      } catch (ZohoOAuthException e) {
        outcome = "The refresh token Zoho issued for it could NOT be revoked (" + e.getMessage() + "): it stays "
            + "valid at Zoho and counts toward Zoho's 20 refresh tokens per user until the user removes this app "
            + "under Connected Apps in their Zoho account.";
      }
    }
    throw new GrantNotStoredException("The grant of user '" + user + "' was exchanged at Zoho, but the token store "
        + "failed to keep the tokens: " + failure.getMessage() + " " + outcome + " The grant code is spent: once "
        + "the store works, authorize the user again.", user, revoked, failure);
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A refresh token whose owner we could not learn would linger, counting toward Zoho's 20 per user: revoke it. */
  private void revokeOrphan(TokenResponse answer, String server) {
    if (answer.refreshToken() == null) {
      return;
    }
    try {
      api.revoke(server, answer.refreshToken(), null);
    } catch (ZohoOAuthException e) {
      LOG.log(Level.WARNING, "could not revoke the refresh token of a grant whose user is unknown: {0}",
          e.getMessage());
    }
  }

  private ZohoOAuthTokens refresh(ZohoOAuthTokens stale) {
    if (stale.refreshToken() == null) {
      throw new ZohoOAuthException("The access token of user '" + stale.userIdentifier() + "' has expired and no "
          + "refresh token is stored (the grant was made with access_type=online). Authorize the user again with "
          + "access_type=offline.", stale.userIdentifier(), null);
    }
    Instant requestedAt = clock.instant();
    TokenResponse answer = api.refresh(accountsUrlOf(stale), stale.refreshToken(), stale.userIdentifier());
    return usable(answer, stale.userIdentifier()).applyTo(stale.toBuilder(), requestedAt);
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

  private String accountsUrlOf(ZohoOAuthTokens held) {
    return held.accountsServer() != null ? held.accountsServer() : accountsUrl;
  }

  private String requireRedirectUri() {
    if (redirectUri == null) {
      throw new ConfigurationException("redirect_uri is not configured: the grant exchange and the authorization URL "
          + "need the redirect URI registered for this client in the Zoho API console. Set redirect_uri (or "
          + "Builder.redirectUri).");
    }
    return redirectUri;
  }

  private static String requireText(String value, String name) {
    if (value == null || value.trim().isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value.trim();
  }

  /**
   * Configures a {@link ZohoOAuthClient}. Client id, client secret and a token store are required; every other
   * setting has a default suited to Zoho's servers.
   */
  public static final class Builder {
    private String clientId;
    private String clientSecret;
    private String redirectUri;
    private String scope;
    private AccessType accessType = AccessType.OFFLINE;
    private String accountsUrl = DataCenter.US.accountsUrl();
    private String currentUserEmail;
    private TokenPersistenceHandler store;
    private Clock clock = Clock.systemUTC();
    private HttpSettings http = HttpSettings.defaults();
    private final RefreshSettings.Builder refresh = RefreshSettings.builder();
    private final List<String> allowedApiHosts = new ArrayList<>();
    private RefreshSettings refreshSettings;

    private Builder() {}

    /** The client id from the Zoho API console ({@code 1000.XXXX}). Required. */
    public Builder clientId(String clientId) {
      this.clientId = requireText(clientId, "clientId");
      return this;
    }

    /** The client secret from the Zoho API console. Required. */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = requireText(clientSecret, "clientSecret");
      return this;
    }

    /** The redirect URI registered for the client; needed for grant exchanges and authorization URLs. */
    public Builder redirectUri(String redirectUri) {
      String uri = requireText(redirectUri, "redirectUri");
      try {
        if (!new URI(uri).isAbsolute()) {
          throw new IllegalArgumentException("not an absolute URI (write it as registered, such as "
              + "https://app.example.com/oauth/callback)");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URI: " + e.getReason());
      }
      this.redirectUri = uri;
      return this;
    }

    /** Default scopes for {@link #authorizationUrl}, comma-separated. */
    public Builder scope(String scope) {
      this.scope = requireText(scope, "scope");
      return this;
    }

    /** Default {@code access_type} for authorization URLs; {@link AccessType#OFFLINE} unless set. */
    public Builder accessType(AccessType accessType) {
      this.accessType = Objects.requireNonNull(accessType, "accessType");
      return this;
    }

    /** The data centre of the client; {@link DataCenter#US} unless set. */
    public Builder dataCenter(DataCenter dataCenter) {
      this.accountsUrl = dataCenter.accountsUrl();
      return this;
    }

    /**
     * The accounts server URL, instead of a data centre: for the testkit fake, or a server Zoho adds. It must be
     * https, except on a loopback address.
     */
    public Builder accountsUrl(String accountsUrl) {
      String url = requireText(accountsUrl, "accountsUrl").replaceAll("/+$", "");
      URI parsed;
      try {
        parsed = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + e.getReason());
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
      this.accountsUrl = url;
      return this;
    }

    /** The user {@link #getAccessToken()} without arguments is for. */
    public Builder currentUserEmail(String currentUserEmail) {
      this.currentUserEmail = UserIdentifiers.check(currentUserEmail);
      return this;
    }

    /** Where tokens are kept. Required. */
    public Builder tokenStore(TokenPersistenceHandler store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock for expiry decisions; tests pass one they control. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      refresh.clock(clock);
      return this;
    }

    /**
     * The monotonic time source for the refresh engine's waits and backoffs; default {@link System#nanoTime()}.
     * Tests pass one they control.
     */
    public Builder ticker(Ticker ticker) {
      refresh.ticker(ticker);
      return this;
    }

    /**
     * Hosts besides Zoho's own API hosts that a token answer's {@code api_domain} may name, such as a gateway of
     * yours. Answers naming any other host are refused, since applications send the user's tokens there.
     */
    public Builder allowApiDomains(String... hosts) {
      for (String host : hosts) {
        allowedApiHosts.add(requireText(host, "api domain host"));
      }
      return this;
    }

    /** Timeouts, retries and proxy for calls to Zoho. */
    public Builder http(HttpSettings http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** How long before expiry a background refresh starts; default 5 minutes. */
    public Builder refreshWindow(Duration refreshWindow) {
      refresh.refreshWindow(refreshWindow);
      return this;
    }

    /** How long before expiry a token is no longer handed out; default 1 minute. */
    public Builder expiryMargin(Duration expiryMargin) {
      refresh.expiryMargin(expiryMargin);
      return this;
    }

    /** How long after a failed refresh of a user no new refresh is tried; default 5 seconds. */
    public Builder refreshFailureBackoff(Duration backoff) {
      refresh.failureBackoff(backoff);
      return this;
    }

    /** How long after Zoho's rate-limit answer no new refresh of that user is tried; default 60 seconds. */
    public Builder rateLimitBackoff(Duration backoff) {
      refresh.rateLimitBackoff(backoff);
      return this;
    }

    /** How many users' tokens are held in memory; default 10,000. */
    public Builder tokenCacheSize(int size) {
      refresh.cacheSize(size);
      return this;
    }

    /**
     * How many refreshes run at once, each on one of the client's threads and each one token request at Zoho;
     * default {@value RefreshSettings#DEFAULT_MAX_CONCURRENT_REFRESHES}. More users than this wait in a queue.
     */
    public Builder maxConcurrentRefreshes(int max) {
      refresh.maxConcurrentRefreshes(max);
      return this;
    }

    /** The longest a caller of {@code getAccessToken} waits for the refresh of an expired token; default 30 s. */
    public Builder refreshWaitTimeout(Duration timeout) {
      refresh.waitTimeout(timeout);
      return this;
    }

    /**
     * How long a refresh lease in a shared store excludes other instances; default 30 s. An instance that dies
     * mid-refresh delays the others by at most this; one that outlives it cannot overwrite newer tokens.
     */
    public Builder refreshLeaseTime(Duration leaseTime) {
      refresh.leaseTime(leaseTime);
      return this;
    }

    /**
     * @throws ConfigurationException when a required setting is missing
     */
    public ZohoOAuthClient build() {
      if (clientId == null || clientSecret == null) {
        throw new ConfigurationException("The client id and client secret are required: copy them from the Zoho "
            + "API console (Builder.clientId, Builder.clientSecret; client_id, client_secret in the properties).");
      }
      if (store == null) {
        throw new ConfigurationException("A token store is required: Builder.tokenStore(new "
            + "InMemoryTokenPersistenceHandler()) for tests and single-instance apps, or a file or jdbc store.");
      }
      try {
        refreshSettings = refresh.build();
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("Invalid refresh settings: " + e.getMessage(), e);
      }
      http.proxyCredentialsRefused(URI.create(accountsUrl).getScheme()).ifPresent(why -> {
        throw new ConfigurationException("Proxy credentials are set (proxyUser and proxyPassword in the properties, "
            + "HttpSettings.withProxyCredentials in code), but " + why + ".");
      });
      return new ZohoOAuthClient(this);
    }
  }
}
