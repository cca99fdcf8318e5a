package io.github.zohooauth.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Zoho's accounts server as a state machine, with no sockets: single-use expiring grant codes, refresh tokens that
 * never rotate, HTTP 200 error answers, 10 new access tokens per refresh token per window, 15 live access tokens
 * per refresh token, 20 refresh tokens per user. Driven by the fake's clock. Thread-safe: one lock guards it all.
 */
final class ZohoAccounts implements DeviceFlow.FakeZohoAccounts {
  static final String GRANT_AUTHORIZATION_CODE = "authorization_code";
  static final String GRANT_REFRESH_TOKEN = "refresh_token";
  static final String GRANT_CLIENT_CREDENTIALS = "client_credentials";
  private static final String PROFILE_SCOPE = "aaaserver.profile.read";
  private static final int LIVE_ACCESS_TOKENS_PER_REFRESH_TOKEN = 15;
  private static final int REFRESH_TOKENS_PER_USER = 20;
  private static final String RATE_LIMIT_DESCRIPTION =
      "You have made too many requests continuously. Please try again after some time.";
  private static final String RATE_LIMIT_DESCRIPTION_ZH = "您连续发出的请求过多。请稍后再试。";

  private final FakeZohoAccountsServer.Builder settings;
  private final Supplier<String> apiDomain;
  private final SecureRandom random = new SecureRandom();
  private final Object lock = new Object();
  private final Map<String, GrantCode> grantCodes = new HashMap<>();
  private final Map<String, RefreshGrant> refreshTokens = new HashMap<>();
  private final Map<String, AccessGrant> accessTokens = new HashMap<>();
  private final Map<String, Deque<String>> refreshTokensByUser = new HashMap<>();
  /** Each organisation's client-credentials tokens, limited as a refresh token's are. */
  private final Map<String, RefreshGrant> organisations = new HashMap<>();
  private volatile boolean legacyExpiry;
  private volatile int rateLimitStatus;
  private volatile boolean localisedErrors;

  private final java.util.concurrent.atomic.AtomicInteger rateLimitedAnswers =
      new java.util.concurrent.atomic.AtomicInteger();

  ZohoAccounts(FakeZohoAccountsServer.Builder settings, Supplier<String> apiDomain) {
    this.settings = settings;
    this.apiDomain = apiDomain;
    this.legacyExpiry = settings.legacyExpiry;
    this.rateLimitStatus = settings.rateLimitStatus;
    this.localisedErrors = settings.localisedErrors;
  }

  void legacyExpiry(boolean legacy) {
    this.legacyExpiry = legacy;
  }

  void rateLimitStatus(int status) {
    this.rateLimitStatus = status;
  }

  void localisedErrors(boolean localised) {
    this.localisedErrors = localised;
  }

  @Override
  public Instant now() {
    return settings.clock.instant();
  }

  @Override
  public Answer clientRefused(String clientId, String clientSecret) {
    if (!settings.clientId.equals(clientId)) {
      return Answer.error("invalid_client");
    }
    return clientSecret != null && !settings.clientSecret.equals(clientSecret)
        ? Answer.error("invalid_client_secret") : null;
  }

  @Override
  public Answer tokensFor(String email, String scopes, boolean offline) {
    synchronized (lock) {
      Instant now = now();
      String refreshToken = offline ? newRefreshToken(email, scopes) : null;
      if (refreshToken != null && !refreshTokens.get(refreshToken).admitNewAccessToken(now)) {
        return rateLimited();
      }
      return tokenAnswer(newAccessToken(email, scopes, refreshToken, now), refreshToken, scopes);
    }
  }

  // ---------------------------------------------------------------- what users and admins do

  String newGrantCode(String email, String scopes, boolean offline, boolean consent) {
    String code = newToken();
    synchronized (lock) {
      grantCodes.put(code, new GrantCode(email, scopes, offline, consent, now()));
    }
    return code;
  }

  String issueRefreshToken(String email, String scopes) {
    synchronized (lock) {
      return newRefreshToken(email, scopes);
    }
  }

  void revokeRefreshToken(String refreshToken) {
    synchronized (lock) {
      revoke(refreshToken);
    }
  }

  void invalidateAccessTokens(String email) {
    synchronized (lock) {
      accessTokens.values().removeIf(grant -> grant.email.equals(email));
      for (RefreshGrant grant : refreshTokens.values()) {
        if (grant.email.equals(email)) {
          grant.liveAccessTokens.clear();
        }
      }
    }
  }

  /** Whether {@code email} holds a refresh token of this client: the mark of a consent given before. */
  boolean hasRefreshToken(String email) {
    synchronized (lock) {
      Deque<String> tokens = refreshTokensByUser.get(email);
      return tokens != null && !tokens.isEmpty();
    }
  }

  /** How many refresh tokens of {@code email} are alive (at most 20: Zoho evicts the oldest beyond that). */
  int liveRefreshTokens(String email) {
    synchronized (lock) {
      Deque<String> tokens = refreshTokensByUser.get(email);
      return tokens == null ? 0 : tokens.size();
    }
  }

  /** The user a refresh token belongs to, or null. */
  String ownerOf(String refreshToken) {
    synchronized (lock) {
      RefreshGrant grant = refreshTokens.get(refreshToken);
      return grant == null ? null : grant.email;
    }
  }

  /** What is known of a live access token, or null when it is unknown, revoked or expired. */
  AccessGrant liveGrant(String accessToken) {
    synchronized (lock) {
      AccessGrant grant = accessTokens.get(accessToken);
      return grant != null && now().isBefore(grant.expiresAt) ? grant : null;
    }
  }

  // ---------------------------------------------------------------- the endpoints' answers

  /** {@code POST /oauth/v2/token} with these form parameters. */
  Answer token(Map<String, String> params) {
    synchronized (lock) {
      return tokenLocked(params.getOrDefault("grant_type", ""), params);
    }
  }

  /** {@code POST /oauth/v2/token/revoke}: a refresh token with its access tokens, or an access token. */
  Answer revokeAnswer(String token) {
    boolean known;
    synchronized (lock) {
      known = revoke(token) || accessTokens.remove(token) != null;
    }
    return known ? new Answer(200, "{\"status\":\"success\"}") : new Answer(400, "{\"error\":\"invalid_token\"}");
  }

  /** {@code GET /oauth/user/info} with this access token (null when none was sent). */
  Answer userInfo(String accessToken) {
    AccessGrant grant = accessToken == null ? null : liveGrant(accessToken);
    if (grant == null) {
      return new Answer(401, "{\"response\":\"error\",\"cause\":\"INVALID_OAUTHTOKEN\"}");
    }
    if (!grant.scopes.toLowerCase(Locale.ROOT).contains(PROFILE_SCOPE)) {
      return new Answer(401, "{\"response\":\"error\",\"cause\":\"INVALID_OAUTHSCOPE\"}");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    String name = grant.email.substring(0, Math.max(0, grant.email.indexOf('@')));
    json.put("First_Name", name);
    json.put("Email", grant.email);
    json.put("Last_Name", "");
    json.put("Display_Name", name);
    json.put("ZUID", 700000000L + (grant.email.hashCode() & 0xfffffffL));
    return new Answer(200, Json.object(json));
  }

  // ---------------------------------------------------------------- state changes (callers hold lock)

  private Answer tokenLocked(String grantType, Map<String, String> params) {
    if (!settings.clientId.equals(params.get("client_id"))) {
      return Answer.error("invalid_client");
    }
    if (!settings.clientSecret.equals(params.get("client_secret"))) {
      return Answer.error("invalid_client_secret");
    }
    Instant now = now();
    if (GRANT_AUTHORIZATION_CODE.equals(grantType)) {
      if (!settings.redirectUri.equals(params.get("redirect_uri"))) {
        return Answer.error("invalid_redirect_uri");
      }
      GrantCode grant = grantCodes.remove(params.getOrDefault("code", ""));
      if (grant == null || !now.isBefore(grant.issuedAt.plus(settings.grantCodeLifetime))) {
        return Answer.error("invalid_code");
      }
      String refreshToken = null;
      if (grant.offline && (grant.consent || !refreshTokensByUser.containsKey(grant.email))) {
        refreshToken = newRefreshToken(grant.email, grant.scopes);
      }
      if (refreshToken != null && !refreshTokens.get(refreshToken).admitNewAccessToken(now)) {
        return rateLimited();
      }
      return tokenAnswer(newAccessToken(grant.email, grant.scopes, refreshToken, now), refreshToken, grant.scopes);
    }
    if (GRANT_REFRESH_TOKEN.equals(grantType)) {
      String refreshToken = params.getOrDefault("refresh_token", "");
      RefreshGrant grant = refreshTokens.get(refreshToken);
      if (grant == null) {
        return Answer.error("invalid_code");
      }
      if (!grant.admitNewAccessToken(now)) {
        return rateLimited();
      }
      return tokenAnswer(newAccessToken(grant.email, grant.scopes, refreshToken, now), null, grant.scopes);
    }
    if (GRANT_CLIENT_CREDENTIALS.equals(grantType)) {
      // A Self Client's token for one organisation: no user, no refresh token; soid is <service>.<org id>.
      String soid = params.getOrDefault("soid", "");
      if (soid.isEmpty()) {
        return Answer.error("missing_org_info");
      }
      String scopes = params.getOrDefault("scope", "");
      if (scopes.isEmpty()) {
        return Answer.error("invalid_scope");
      }
      RefreshGrant organisation = organisations.computeIfAbsent(soid, s -> new RefreshGrant(s, scopes, settings));
      if (!organisation.admitNewAccessToken(now)) {
        return rateLimited();
      }
      return tokenAnswer(newAccessToken(soid, scopes, null, now), null, scopes);
    }
    return Answer.error("unsupported_grant_type");
  }

  private Answer tokenAnswer(String accessToken, String refreshToken, String scopes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", accessToken);
    if (refreshToken != null) {
      json.put("refresh_token", refreshToken);
    }
    json.put("scope", scopes.replace(',', ' '));
    json.put("api_domain", apiDomain.get());
    json.put("token_type", "Bearer");
    long seconds = settings.accessTokenLifetime.getSeconds();
    if (legacyExpiry) {
      json.put("expires_in_sec", seconds);
      json.put("expires_in", seconds * 1000);
    } else {
      json.put("expires_in", seconds);
    }
    return new Answer(200, Json.object(json));
  }

  /** How many answers were the rate-limit refusal. */
  int rateLimitedAnswers() {
    return rateLimitedAnswers.get();
  }

  private Answer rateLimited() {
    rateLimitedAnswers.incrementAndGet();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error_description", localisedErrors ? RATE_LIMIT_DESCRIPTION_ZH : RATE_LIMIT_DESCRIPTION);
    json.put("error", localisedErrors ? "拒绝访问" : "Access Denied");
    json.put("status", "failure");
    return new Answer(rateLimitStatus, Json.object(json));
  }

  private String newRefreshToken(String email, String scopes) {
    String token = newToken();
    refreshTokens.put(token, new RefreshGrant(email, scopes, settings));
    Deque<String> tokens = refreshTokensByUser.computeIfAbsent(email, e -> new ArrayDeque<>());
    tokens.addLast(token);
    if (tokens.size() > REFRESH_TOKENS_PER_USER) {
      revoke(tokens.peekFirst());
    }
    return token;
  }

  private String newAccessToken(String email, String scopes, String refreshToken, Instant now) {
    String token = newToken();
    accessTokens.put(token, new AccessGrant(email, scopes, now.plus(settings.accessTokenLifetime)));
    if (refreshToken != null) {
      Deque<String> live = refreshTokens.get(refreshToken).liveAccessTokens;
      live.addLast(token);
      if (live.size() > LIVE_ACCESS_TOKENS_PER_REFRESH_TOKEN) {
        accessTokens.remove(live.removeFirst());
      }
    }
    return token;
  }

  private boolean revoke(String refreshToken) {
    RefreshGrant grant = refreshTokens.remove(refreshToken);
    if (grant == null) {
      return false;
    }
    grant.liveAccessTokens.forEach(accessTokens::remove);
    Deque<String> tokens = refreshTokensByUser.get(grant.email);
    tokens.remove(refreshToken);
    return true;
  }

  /** Zoho's token shape: {@code 1000.<32 hex>.<32 hex>}. */
  private String newToken() {
    return "1000." + hex(16) + "." + hex(16);
  }

  private String hex(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    StringBuilder out = new StringBuilder(bytes * 2);
    for (byte b : buffer) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }

  /** An answer's status and JSON body. */
  static final class Answer {
    final int status;
    final String json;

    Answer(int status, String json) {
      this.status = status;
      this.json = json;
    }

    static Answer error(String code) {
      return new Answer(200, "{\"error\":\"" + code + "\"}");
    }
  }

  private static final class GrantCode {
    final String email;
    final String scopes;
    final boolean offline;
    final boolean consent;
    final Instant issuedAt;

    GrantCode(String email, String scopes, boolean offline, boolean consent, Instant issuedAt) {
      this.email = email;
      this.scopes = scopes;
      this.offline = offline;
      this.consent = consent;
      this.issuedAt = issuedAt;
    }
  }

  private static final class RefreshGrant {
    final String email;
    final String scopes;
    final Deque<String> liveAccessTokens = new ArrayDeque<>();
    private final int limit;
    private final Duration window;
    private Instant windowStart = Instant.MIN;
    private int issuedInWindow;

    RefreshGrant(String email, String scopes, FakeZohoAccountsServer.Builder settings) {
      this.email = email;
      this.scopes = scopes;
      this.limit = settings.accessTokensPerWindow;
      this.window = settings.rateLimitWindow;
    }

    /** Zoho's limit: a fixed window opens with the first token; past the limit, nothing until it closes. */
    boolean admitNewAccessToken(Instant now) {
      if (windowStart == Instant.MIN || !now.isBefore(windowStart.plus(window))) {
        windowStart = now;
        issuedInWindow = 0;
      }
      if (issuedInWindow >= limit) {
        return false;
      }
      issuedInWindow++;
      return true;
    }
  }

  /** A live access token: whose it is, its scopes, and when it expires. */
  static final class AccessGrant {
    final String email;
    final String scopes;
    final Instant expiresAt;

    AccessGrant(String email, String scopes, Instant expiresAt) {
      this.email = email;
      this.scopes = scopes;
      this.expiresAt = expiresAt;
    }
  }
}
