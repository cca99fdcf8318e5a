package io.github.zohooauth;

import static io.github.zohooauth.ZohoOAuthClientBuilder.requireText;

import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.crypto.EncryptedTokenStore;
import io.github.zohooauth.internal.http.TokenExchanges;
import io.github.zohooauth.internal.refresh.RefreshSettings;
import io.github.zohooauth.internal.refresh.TokenManager;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private final String clientId;
  private final String accountsUrl;
  private final String currentUserEmail;
  private final TokenExchanges exchanges;
  private final TokenPersistenceHandler store;
  private final EncryptedTokenStore encryptedStore;
  private final Duration leaseTime;
  private final TokenManager tokens;
  private final TokenIntake intake;
  private final Sleeper sleeper;
  private final ZohoApiClient apiClient;
  private final AuthorizationUrls authorizationUrls;
  private final DeviceLogin devices;

  ZohoOAuthClient(ZohoOAuthClientBuilder builder) {
    this.clientId = builder.clientId;
    this.accountsUrl = builder.accountsUrl;
    this.currentUserEmail = builder.currentUserEmail;
    List<String> trustedServers = new ArrayList<>();
    trustedServers.add(accountsUrl);
    trustedServers.addAll(builder.allowedAccountsServers);
    this.exchanges = new TokenExchanges(builder.http, clientId, builder.clientSecret, trustedServers,
        builder.allowedApiHosts, builder.redirectUri, builder.clock, builder.refreshSettings.expiryMargin(),
        builder.sleeper);
    this.store = builder.store;
    this.encryptedStore = EncryptedTokenStore.over(store, builder.sealingKey, builder.oldEncryptionKeys,
        builder.encryptionNamespace, builder.acceptPlaintext);
    this.leaseTime = builder.refreshSettings.leaseTime();
    this.tokens = new TokenManager(encryptedStore, TokenManager.nameOf(store), exchanges::refresh,
        builder.refreshSettings, builder.listeners);
    this.authorizationUrls = new AuthorizationUrls(accountsUrl, clientId, builder.scope, builder.accessType,
        exchanges::redirectUri);
    this.intake = new TokenIntake(exchanges, tokens, builder.sleeper);
    this.devices = new DeviceLogin(exchanges, intake, builder.sleeper, builder.ticker);
    this.sleeper = builder.sleeper;
    ApiTokens apiTokens = new ApiTokens() {
      @Override
      public ZohoOAuthTokens held(String user) {
        return tokens.tokens(user);
      }

      @Override
      public CompletableFuture<String> accessToken(String user) {
        return tokens.accessTokenAsync(user);
      }

      @Override
      public CompletableFuture<String> replacing(String user, String refused) {
        return tokens.refreshRejectedAsync(user, refused);
      }
    };
    this.apiClient = new ZohoApiClient(apiTokens, accountsUrl, exchanges.resourceCalls(),
        DataCenter.fromAccountsUrl(accountsUrl).map(DataCenter::apiDomain).orElse(null));
  }

  /** A builder for a client; see {@link ZohoOAuthClientBuilder} for every setting and its default. */
  public static ZohoOAuthClientBuilder builder() {
    return new ZohoOAuthClientBuilder();
  }

  /**
   * Exchanges a grant code, learns whose it is from {@code /oauth/user/info} (scope {@code AaaServer.profile.READ}
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
    String server = exchanges.checkedGrantServer(requireText(accountsServer, "accountsServer"));
    return generate(grantToken, null, server);
  }

  /** Exchanges a grant code and stores the tokens under {@code userIdentifier}, with no user-info call. */
  public ZohoOAuthTokens generateAccessToken(String grantToken, String userIdentifier) {
    return generate(grantToken, UserIdentifiers.check(userIdentifier), accountsUrl);
  }

  /**
   * Stores a user from a refresh token obtained elsewhere (a cron job, another tool): fetches an access token with it
   * and stores both under {@code userIdentifier}. A different refresh token stored for the user before is then
   * revoked at Zoho (a failure to revoke is logged and heard by
   * {@link TokenEventListener#replacedTokenNotRevoked}, and does not fail this call).
   */
  public ZohoOAuthTokens generateAccessTokenFromRefreshToken(String refreshToken, String userIdentifier) {
    ZohoOAuthTokens fresh = exchanges.fromRefreshToken(requireText(refreshToken, "refreshToken"),
        UserIdentifiers.check(userIdentifier));
    intake.store(fresh);
    return fresh;
  }

  /**
   * Gets a token for one organisation with this client's own credentials: a Self Client's {@code client_credentials}
   * grant, with no user and no refresh token. It is stored under {@code soid}, and from then on
   * {@link #getAccessToken(String) getAccessToken(soid)} gets the next one the same way before it expires, with all a
   * refresh has: one request however many threads or instances ask, the store's lease, events and meters.
   *
   * @param soid the service and the organisation's id, such as {@code ZohoCRM.600000434}
   * @param scopes the scopes to ask for, such as {@code ZohoCRM.modules.ALL}
   * @throws io.github.zohooauth.exception.MissingOrgInfoException when Zoho does not take the organisation; nothing
   *     is stored
   */
  public ZohoOAuthTokens generateAccessTokenFromClientCredentials(String soid, String... scopes) {
    String organisation = UserIdentifiers.check(soid);
    if (!TokenExchanges.isOrganisation(organisation)) {
      throw new IllegalArgumentException("soid must be a service and an organisation id, such as "
          + "ZohoCRM.600000434; was '" + organisation + "'");
    }
    StringBuilder scope = new StringBuilder();
    for (String each : scopes == null ? new String[0] : scopes) {
      scope.append(scope.length() == 0 ? "" : ",").append(requireText(each, "scope"));
    }
    if (scope.length() == 0) {
      throw new IllegalArgumentException("A client-credentials token needs at least one scope, such as "
          + "ZohoCRM.modules.ALL");
    }
    ZohoOAuthTokens fresh = exchanges.fromClientCredentials(organisation, scope.toString());
    intake.store(fresh);
    return fresh;
  }

  /**
   * Starts Zoho's device flow, for a CLI or a machine with no browser: show the user
   * {@link DeviceAuthorization#userCode()} and {@link DeviceAuthorization#verificationUrl()}, then call
   * {@link #completeDeviceAuthorization}. It asks for the configured access type (offline unless set, so a refresh
   * token comes with the tokens), and for {@code scopes}, or the configured ones when none are given; include
   * {@code AaaServer.profile.READ}, as the user is named by {@code /oauth/user/info}.
   */
  public DeviceAuthorization startDeviceAuthorization(String... scopes) {
    String scope = authorizationUrls.scopes(scopes == null ? List.of() : List.of(scopes), "The device flow",
        "startDeviceAuthorization(scopes)");
    return devices.start(scope, authorizationUrls.accessType(), false);
  }

  /**
   * Waits for the user to enter the code of {@code authorization}, polling Zoho at the interval it asked (slower when
   * told to, at the user's own data centre when told to), then stores the tokens under the user's email from
   * {@code /oauth/user/info}. Bounded by the code's lifetime; an interrupt ends it.
   *
   * @throws io.github.zohooauth.exception.DeviceAuthorizationDeniedException when the user refused
   * @throws io.github.zohooauth.exception.DeviceAuthorizationExpiredException when nobody entered the code in time
   * @throws io.github.zohooauth.exception.ZohoOAuthInterruptedException when interrupted; nothing is stored
   */
  public ZohoOAuthTokens completeDeviceAuthorization(DeviceAuthorization authorization) {
    return devices.complete(Objects.requireNonNull(authorization, "authorization"));
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
          + "(or ZohoOAuthClientBuilder.currentUserEmail); otherwise call getAccessToken(userIdentifier).");
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
   * Asks Zoho for a new access token now, whatever the state of the current one, and returns it: after a token may
   * have leaked, or to check that the user's refresh token still works. Callers that ask while it runs share the one
   * refresh, and in a fleet sharing a store a token another instance stored meanwhile counts as the new one. The
   * event's trigger is {@link io.github.zohooauth.event.RefreshTrigger#FORCED}.
   *
   * <p>Zoho gives each refresh token at most 10 access tokens in 10 minutes; a loop around this method spends them
   * (then {@link io.github.zohooauth.exception.RateLimitedException}). The token it replaces stays valid at Zoho
   * until it expires: to end a user's access, use {@link #revokeRefreshToken}.
   *
   * @throws io.github.zohooauth.exception.UnknownUserException when no tokens are stored for the user
   * @throws io.github.zohooauth.exception.RefreshTokenRevokedException when the user must authorize again
   */
  public String refreshAccessToken(String userIdentifier) {
    return tokens.forceRefresh(UserIdentifiers.check(userIdentifier));
  }

  /**
   * Encrypts every stored user's tokens with the current {@link ZohoOAuthClientBuilder#tokenEncryptionKey key}:
   * those stored in plain text and those under an old key. Each user is rewritten under the user's refresh lease, as a
   * compare-and-set, so a refresh or a grant that lands meanwhile is never overwritten; a user another instance is
   * refreshing is tried again, then reported (that refresh's own save encrypts with the current key anyway). The CLI
   * runs it as {@code zoho-oauth rekey}.
   *
   * @return the counts, and each user that could not be rewritten with the reason
   * @throws io.github.zohooauth.exception.ConfigurationException when no key is set, or the store keeps nothing at
   *     rest (the in-memory store)
   */
  public RekeyReport rekeyStoredTokens() {
    return new Rekeying(encryptedStore, leaseTime, sleeper).run();
  }

  /**
   * Calls Zoho's APIs with the users' tokens and recovers by itself from a refused token; see {@link ZohoApiClient}.
   */
  public ZohoApiClient apiClient() {
    return apiClient;
  }

  /** The user's tokens as held now, with no refresh (the access token may be expired). */
  public ZohoOAuthTokens getTokens(String userIdentifier) {
    return tokens.tokens(UserIdentifiers.check(userIdentifier));
  }

  /**
   * Every user with stored tokens, sorted.
   *
   * @throws io.github.zohooauth.exception.ZohoOAuthException when the store cannot list its users (a third-party
   *     store without {@code userIdentifiers()}), saying so
   */
  public List<String> getUserIdentifiers() {
    return tokens.storedUsers();
  }

  /** Where the user's access token stands: fresh, stale (a refresh is due) or expired. */
  public TokenState getTokenState(String userIdentifier) {
    return tokens.state(UserIdentifiers.check(userIdentifier));
  }

  /**
   * Stores tokens as given, replacing the user's stored tokens, and asks Zoho nothing: the refresh token it replaces
   * stays valid at Zoho. To bring in tokens from elsewhere for good, use {@link #importTokens}, which revokes it.
   */
  public void saveTokens(ZohoOAuthTokens tokensToSave) {
    UserIdentifiers.check(Objects.requireNonNull(tokensToSave, "tokens").userIdentifier());
    tokens.save(tokensToSave);
  }

  /**
   * Stores tokens obtained by other means (another SDK's store, a migration), replacing the user's stored tokens,
   * then revokes at Zoho the refresh token they replace when it differs: Zoho keeps every refresh token alive until
   * it is revoked, and at most 20 per user. A failure to revoke is logged and heard by
   * {@link TokenEventListener#replacedTokenNotRevoked}; it does not fail the import.
   */
  public void importTokens(ZohoOAuthTokens imported) {
    UserIdentifiers.check(Objects.requireNonNull(imported, "tokens").userIdentifier());
    intake.store(imported);
  }

  /**
   * Revokes the user's refresh token at Zoho (which also ends its access tokens) and deletes the stored tokens. When
   * Zoho no longer knows the token, it is already dead and the stored tokens are deleted all the same; when Zoho
   * cannot be reached, nothing is deleted.
   */
  public void revokeRefreshToken(String userIdentifier) {
    ZohoOAuthTokens held = tokens.tokens(UserIdentifiers.check(userIdentifier));
    if (!exchanges.revoke(held)) {
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
    return authorizationUrls.of(request);
  }

  /** How many users' tokens this client holds in memory, about (at most {@code token_cache_size}). */
  public long cachedUsers() {
    return tokens.cachedUsers();
  }

  /**
   * The store this client keeps tokens in, as given: with a {@link ZohoOAuthClientBuilder#tokenEncryptionKey key},
   * it holds and returns the tokens encrypted. Writing to it directly bypasses this client's cache.
   */
  public TokenPersistenceHandler tokenStore() {
    return store;
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
    return intake.grant(requireText(grantToken, "grantToken"), knownUser, server);
  }
}
