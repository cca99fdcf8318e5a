package io.github.zohooauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for Zoho's accounts server ({@code accounts.zoho.com}) that behaves as the real one does:
 * single-use expiring grant codes, refresh tokens that never rotate, HTTP 200 error answers, the
 * 10-tokens-per-refresh-token-per-10-minutes limit, the 15-live-tokens limit, {@code /oauth/user/info} scope
 * checks, the authorization page redirect with {@code location} and {@code accounts-server}, and the legacy
 * millisecond expiry form.
 *
 * <pre>{@code
 * try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
 *   String code = zoho.issueGrantCode("user@example.com");
 *   // point the client at zoho.accountsUrl() with zoho.clientId() / zoho.clientSecret() / zoho.redirectUri()
 *   assertEquals(1, zoho.requestCount(Endpoint.TOKEN));
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Failures, latency and gates let a test play Zoho's bad days; counters and
 * {@link #recordedRequests()} let it assert what a client sent.
 */
public final class FakeZohoAccountsServer implements AutoCloseable {
  public static final String DEFAULT_CLIENT_ID = "1000.TESTKITCLIENTID0000000000000000";
  public static final String DEFAULT_CLIENT_SECRET = "testkit0client0secret000000000000000000000";
  public static final String DEFAULT_REDIRECT_URI = "http://localhost:8080/oauth/callback";
  /** The scopes a grant code carries unless a test names others; they include the profile scope. */
  public static final String DEFAULT_SCOPES = "ZohoCRM.modules.ALL,AaaServer.profile.READ";
  public static final String GRANT_AUTHORIZATION_CODE = "authorization_code";
  public static final String GRANT_REFRESH_TOKEN = "refresh_token";

  private static final String JSON = "application/json;charset=UTF-8";
  private static final String PROFILE_SCOPE = "aaaserver.profile.read";
  private static final int LIVE_ACCESS_TOKENS_PER_REFRESH_TOKEN = 15;
  private static final int REFRESH_TOKENS_PER_USER = 20;
  private static final String RATE_LIMIT_DESCRIPTION =
      "You have made too many requests continuously. Please try again after some time.";
  private static final String RATE_LIMIT_DESCRIPTION_ZH = "您连续发出的请求过多。请稍后再试。";

  static {
    // The JDK's HttpServer writes the headers and the body of an answer separately; with Nagle's algorithm on, the
    // body then waits for the client's delayed ACK, about 40 ms per answer, which Zoho's servers do not add. Read
    // once when the server classes load; a test that set it already keeps its own value.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Builder settings;
  private final HttpServer server;
  private final ExecutorService executor;
  private final SecureRandom random = new SecureRandom();
  private final Object lock = new Object();

  // Accounts-server state; guarded by lock.
  private final Map<String, GrantCode> grantCodes = new HashMap<>();
  private final Map<String, RefreshGrant> refreshTokens = new HashMap<>();
  private final Map<String, AccessGrant> accessTokens = new HashMap<>();
  private final Map<String, Deque<String>> refreshTokensByUser = new HashMap<>();

  private final Map<Endpoint, Queue<Failure>> failures = new ConcurrentHashMap<>();
  private final Map<Endpoint, Gate> gates = new ConcurrentHashMap<>();
  private final Map<Endpoint, Duration> latencies = new ConcurrentHashMap<>();
  private final Map<Endpoint, AtomicInteger> requestCounts = new EnumMap<>(Endpoint.class);
  private final Map<String, AtomicInteger> tokenRequestsByGrantType = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refreshRequestsByUser = new ConcurrentHashMap<>();
  private final Queue<RecordedRequest> recorded = new ConcurrentLinkedQueue<>();

  /** The gate the answer being sent by this handler thread waits at, once Zoho's side of the work is done. */
  private static final ThreadLocal<Gate> HELD_ANSWER = new ThreadLocal<>();

  private final AtomicReference<Gate> refreshesGate = new AtomicReference<>();
  private final AtomicReference<Gate> refreshAnswersGate = new AtomicReference<>();
  private volatile String signedInUser;
  private volatile boolean legacyExpiry;
  private volatile int rateLimitStatus;
  private volatile boolean localisedErrors;

  private FakeZohoAccountsServer(Builder settings) throws IOException {
    this.settings = settings;
    this.signedInUser = settings.signedInUser;
    this.legacyExpiry = settings.legacyExpiry;
    this.rateLimitStatus = settings.rateLimitStatus;
    this.localisedErrors = settings.localisedErrors;
    for (Endpoint endpoint : Endpoint.values()) {
      requestCounts.put(endpoint, new AtomicInteger());
    }
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 0);
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-zoho-accounts");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    for (Endpoint endpoint : Endpoint.values()) {
      server.createContext(endpoint.path(), exchange -> handle(endpoint, exchange));
    }
    server.start();
  }

  /** Starts a fake with default settings on a free loopback port. */
  public static FakeZohoAccountsServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- where it is, and who it knows

  /** The accounts server URL, for example {@code http://127.0.0.1:41234}; use it as {@code accounts_url}. */
  public String accountsUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String clientId() {
    return settings.clientId;
  }

  public String clientSecret() {
    return settings.clientSecret;
  }

  public String redirectUri() {
    return settings.redirectUri;
  }

  /**
   * The {@code api_domain} every token answer carries: by default this fake itself, which serves the resource APIs
   * too (see {@link Endpoint#API}).
   */
  public String apiDomain() {
    return settings.apiDomain != null ? settings.apiDomain : accountsUrl();
  }

  // ---------------------------------------------------------------- what a user did in a browser

  /**
   * A grant code for {@code email}, as the user would get by consenting on the authorization page with
   * {@link #DEFAULT_SCOPES}, {@code access_type=offline} and {@code prompt=consent}: its exchange yields a
   * refresh token.
   */
  public String issueGrantCode(String email) {
    return issueGrantCode(email, DEFAULT_SCOPES, true);
  }

  /**
   * A grant code for {@code email} with the given comma-separated scopes. With {@code offline} the exchange yields
   * a refresh token (as after {@code prompt=consent}); without, only an access token.
   */
  public String issueGrantCode(String email, String scopes, boolean offline) {
    return newGrantCode(email, scopes, offline, true);
  }

  /** A refresh token the user already holds (obtained earlier), with {@link #DEFAULT_SCOPES}. */
  public String issueRefreshToken(String email) {
    synchronized (lock) {
      return newRefreshToken(email, DEFAULT_SCOPES);
    }
  }

  /** Revokes a refresh token and its access tokens, as a user removing the app in Zoho's console does. */
  public void revokeRefreshToken(String refreshToken) {
    synchronized (lock) {
      revoke(refreshToken);
    }
  }

  /**
   * Ends every live access token of {@code email} early, as Zoho does to the oldest of more than 15, or when the user
   * ends the app's sessions: the resource APIs refuse them with 401 from now on. Refresh tokens stay valid.
   */
  public void invalidateAccessTokens(String email) {
    synchronized (lock) {
      accessTokens.values().removeIf(grant -> grant.email.equals(email));
      for (RefreshGrant grant : refreshTokens.values()) {
        if (grant.email.equals(email)) {
          grant.liveAccessTokens.clear();
        }
      }
    }
  }

  /** The user the authorization page signs in as; default {@code user@example.com}. */
  public void signInAs(String email) {
    this.signedInUser = Objects.requireNonNull(email, "email");
  }

  // ---------------------------------------------------------------- Zoho's variants and bad days

  /** Answers with {@code expires_in_sec} and {@code expires_in} in milliseconds, as some Zoho servers do. */
  public void useLegacyExpiryFormat(boolean legacy) {
    this.legacyExpiry = legacy;
  }

  /** The HTTP status of the rate-limit answer: 400 (Zoho today) or 200 (older reports). */
  public void rateLimitStatus(int status) {
    this.rateLimitStatus = status;
  }

  /** Whether error text is localised (Chinese), as some accounts servers answer; default English. */
  public void localisedErrors(boolean localised) {
    this.localisedErrors = localised;
  }

  /** Plays {@code failure} in place of the answer to the next request to {@code endpoint}; queued in order. */
  public void failNext(Endpoint endpoint, Failure failure) {
    failures.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).add(Objects.requireNonNull(failure));
  }

  /**
   * Holds every refresh request (grant type {@code refresh_token}) until the returned gate is released, while grant
   * exchanges and every other endpoint answer as usual: a test can sign a user in, or revoke, while that user's
   * refresh answer is pending. {@link #close()} releases it.
   */
  public Gate holdRefreshes() {
    return replaceGate(refreshesGate);
  }

  /**
   * Lets refresh requests through and holds their answers on the way back until the returned gate is released:
   * Zoho has issued the new access token (it counts, and is live), but the client has not heard of it yet. A test can
   * then revoke, or sign the user in again, while a refresh answer is in flight. {@link #close()} releases it.
   */
  public Gate holdRefreshAnswers() {
    return replaceGate(refreshAnswersGate);
  }

  /** A new gate in {@code slot}; the one it replaces is released, so nothing stays held by a forgotten gate. */
  private static Gate replaceGate(AtomicReference<Gate> slot) {
    Gate gate = new Gate();
    Gate previous = slot.getAndSet(gate);
    if (previous != null) {
      previous.release();
    }
    return gate;
  }

  /** Delays every answer of {@code endpoint} by {@code latency} (zero to stop). */
  public void latency(Endpoint endpoint, Duration latency) {
    latencies.put(endpoint, latency);
  }

  /**
   * Holds every request to {@code endpoint} until the returned gate is released. A test can then do its checks
   * while an answer is pending, with no sleeps. {@link #close()} releases every gate.
   */
  public Gate hold(Endpoint endpoint) {
    Gate gate = new Gate();
    Gate previous = gates.put(endpoint, gate);
    if (previous != null) {
      previous.release();
    }
    return gate;
  }

  // ---------------------------------------------------------------- what clients sent

  /** Requests received at {@code endpoint}, answered or not. */
  public int requestCount(Endpoint endpoint) {
    return requestCounts.get(endpoint).get();
  }

  /** Token endpoint requests with this {@code grant_type} (for example {@link #GRANT_REFRESH_TOKEN}). */
  public int tokenRequestCount(String grantType) {
    AtomicInteger count = tokenRequestsByGrantType.get(grantType);
    return count == null ? 0 : count.get();
  }

  /** Refresh requests that named a refresh token of {@code email}, answered with success or not. */
  public int refreshRequestCount(String email) {
    AtomicInteger count = refreshRequestsByUser.get(email);
    return count == null ? 0 : count.get();
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> recordedRequests() {
    return Collections.unmodifiableList(new ArrayList<>(recorded));
  }

  /** Stops the server and releases every held request. */
  @Override
  public void close() {
    gates.values().forEach(Gate::release);
    for (AtomicReference<Gate> slot : List.of(refreshesGate, refreshAnswersGate)) {
      Gate gate = slot.get();
      if (gate != null) {
        gate.release();
      }
    }
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeZohoAccountsServer(" + accountsUrl() + ")";
  }

  // ---------------------------------------------------------------- request handling

  private void handle(Endpoint endpoint, HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      recorded.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI(),
          new LinkedHashMap<>(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
      requestCounts.get(endpoint).incrementAndGet();
      boolean refresh = false;
      if (endpoint == Endpoint.TOKEN) {
        Map<String, String> parameters = parameters(exchange, body);
        countTokenRequest(parameters);
        refresh = GRANT_REFRESH_TOKEN.equals(parameters.get("grant_type"));
      }
      Gate gate = gates.get(endpoint);
      if (gate != null) {
        gate.pass();
      }
      Gate refreshGate = refreshesGate.get();
      if (refresh && refreshGate != null) {
        refreshGate.pass();
      }
      if (refresh) {
        HELD_ANSWER.set(refreshAnswersGate.get());
      }
      Duration latency = latencies.get(endpoint);
      if (latency != null && !latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      Failure failure = failures.getOrDefault(endpoint, new ArrayDeque<>()).poll();
      if (failure == null) {
        answer(endpoint, exchange, body);
      } else {
        failure.play(new Failure.Exchange() {
          @Override
          public void respond(int status, String contentType, byte[] bytes) throws IOException {
            send(exchange, status, contentType, bytes);
          }

          @Override
          public void dropConnection() throws IOException {
            // Promise a body and close without it: the client sees the connection end mid-answer.
            exchange.sendResponseHeaders(200, 4096);
            exchange.getResponseBody().close();
          }

          @Override
          public void answerNormally() throws IOException {
            answer(endpoint, exchange, body);
          }

          @Override
          public void stream(int status, long length, Failure.BodyWriter writer) throws Exception {
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.sendResponseHeaders(status, length);
            try (OutputStream out = exchange.getResponseBody()) {
              writer.write(out);
            } catch (IOException clientWentAway) {
              // the client gave up on the answer, as it should
            }
          }
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      HELD_ANSWER.remove();
      exchange.close();
    }
  }

  private void answer(Endpoint endpoint, HttpExchange exchange, byte[] body) throws IOException {
    switch (endpoint) {
      case TOKEN:
        answerToken(exchange, body);
        break;
      case REVOKE:
        answerRevoke(exchange, body);
        break;
      case USER_INFO:
        answerUserInfo(exchange);
        break;
      case AUTHORIZE:
        answerAuthorize(exchange);
        break;
      case API:
        answerApi(exchange, body);
        break;
      default:
        throw new IllegalStateException(endpoint.name());
    }
  }

  private void answerToken(HttpExchange exchange, byte[] body) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "text/plain", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
      return;
    }
    Map<String, String> params = parameters(exchange, body);
    String grantType = params.getOrDefault("grant_type", "");
    Answer answer;
    synchronized (lock) {
      answer = tokenAnswer(grantType, params);
    }
    send(exchange, answer.status, JSON, answer.json.getBytes(StandardCharsets.UTF_8));
  }

  /** Counted on arrival, before any injected failure, so counts are of requests sent, answered or not. */
  private void countTokenRequest(Map<String, String> params) {
    String grantType = params.getOrDefault("grant_type", "");
    tokenRequestsByGrantType.computeIfAbsent(grantType, g -> new AtomicInteger()).incrementAndGet();
    if (GRANT_REFRESH_TOKEN.equals(grantType)) {
      RefreshGrant grant;
      synchronized (lock) {
        grant = refreshTokens.get(params.getOrDefault("refresh_token", ""));
      }
      if (grant != null) {
        refreshRequestsByUser.computeIfAbsent(grant.email, e -> new AtomicInteger()).incrementAndGet();
      }
    }
  }

  private Answer tokenAnswer(String grantType, Map<String, String> params) {
    if (!settings.clientId.equals(params.get("client_id"))) {
      return Answer.error("invalid_client");
    }
    if (!settings.clientSecret.equals(params.get("client_secret"))) {
      return Answer.error("invalid_client_secret");
    }
    Instant now = settings.clock.instant();
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
    return Answer.error("unsupported_grant_type");
  }

  private Answer tokenAnswer(String accessToken, String refreshToken, String scopes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", accessToken);
    if (refreshToken != null) {
      json.put("refresh_token", refreshToken);
    }
    json.put("scope", scopes.replace(',', ' '));
    json.put("api_domain", apiDomain());
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

  private Answer rateLimited() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error_description", localisedErrors ? RATE_LIMIT_DESCRIPTION_ZH : RATE_LIMIT_DESCRIPTION);
    json.put("error", localisedErrors ? "拒绝访问" : "Access Denied");
    json.put("status", "failure");
    return new Answer(rateLimitStatus, Json.object(json));
  }

  private void answerRevoke(HttpExchange exchange, byte[] body) throws IOException {
    String token = parameters(exchange, body).getOrDefault("token", "");
    boolean known;
    synchronized (lock) {
      known = revoke(token) || accessTokens.remove(token) != null;
    }
    Answer answer = known ? new Answer(200, "{\"status\":\"success\"}") : new Answer(400, "{\"error\":\"invalid_token\"}");
    send(exchange, answer.status, JSON, answer.json.getBytes(StandardCharsets.UTF_8));
  }

  private void answerUserInfo(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String token = null;
    if (authorization != null) {
      for (String scheme : new String[] {"Zoho-oauthtoken ", "Bearer "}) {
        if (authorization.startsWith(scheme)) {
          token = authorization.substring(scheme.length());
        }
      }
    }
    Answer answer;
    synchronized (lock) {
      AccessGrant grant = token == null ? null : accessTokens.get(token);
      if (grant == null || !settings.clock.instant().isBefore(grant.expiresAt)) {
        answer = new Answer(401, "{\"response\":\"error\",\"cause\":\"INVALID_OAUTHTOKEN\"}");
      } else if (!grant.scopes.toLowerCase(Locale.ROOT).contains(PROFILE_SCOPE)) {
        answer = new Answer(401, "{\"response\":\"error\",\"cause\":\"INVALID_OAUTHSCOPE\"}");
      } else {
        Map<String, Object> json = new LinkedHashMap<>();
        String name = grant.email.substring(0, Math.max(0, grant.email.indexOf('@')));
        json.put("First_Name", name);
        json.put("Email", grant.email);
        json.put("Last_Name", "");
        json.put("Display_Name", name);
        json.put("ZUID", 700000000L + (grant.email.hashCode() & 0xfffffffL));
        answer = new Answer(200, Json.object(json));
      }
    }
    send(exchange, answer.status, JSON, answer.json.getBytes(StandardCharsets.UTF_8));
  }

  private void answerApi(HttpExchange exchange, byte[] body) throws IOException {
    Answer answer = ResourceApi.answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Authorization"), body.length, token -> {
          synchronized (lock) {
            AccessGrant grant = accessTokens.get(token);
            return grant != null && settings.clock.instant().isBefore(grant.expiresAt) ? grant : null;
          }
        });
    send(exchange, answer.status, JSON, answer.json.getBytes(StandardCharsets.UTF_8));
  }

  private void answerAuthorize(HttpExchange exchange) throws IOException {
    Map<String, String> params = parameters(exchange, new byte[0]);
    String problem = null;
    if (!settings.clientId.equals(params.get("client_id"))) {
      problem = "Invalid Client";
    } else if (!settings.redirectUri.equals(params.get("redirect_uri"))) {
      problem = "Invalid Redirect Uri";
    } else if (!"code".equals(params.get("response_type"))) {
      problem = "Invalid response_type";
    } else if (params.getOrDefault("scope", "").isEmpty()) {
      problem = "Invalid scope";
    }
    if (problem != null) {
      send(exchange, 400, "text/html;charset=UTF-8",
          ("<html><body><h1>" + problem + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
      return;
    }
    String code;
    synchronized (lock) {
      code = newGrantCode(signedInUser, params.get("scope"), "offline".equals(params.get("access_type")),
          "consent".equals(params.get("prompt")));
    }
    StringBuilder location = new StringBuilder(settings.redirectUri)
        .append(settings.redirectUri.contains("?") ? '&' : '?')
        .append("code=").append(encode(code))
        .append("&location=").append(encode(settings.location))
        .append("&accounts-server=").append(encode(accountsUrl()));
    if (params.containsKey("state")) {
      location.append("&state=").append(encode(params.get("state")));
    }
    exchange.getResponseHeaders().add("Location", location.toString());
    exchange.sendResponseHeaders(302, -1);
  }

  // ---------------------------------------------------------------- state changes (callers hold lock)

  private String newGrantCode(String email, String scopes, boolean offline, boolean consent) {
    String code = "1000." + hex(16) + "." + hex(16);
    synchronized (lock) {
      grantCodes.put(code, new GrantCode(email, scopes, offline, consent, settings.clock.instant()));
    }
    return code;
  }

  private String newRefreshToken(String email, String scopes) {
    String token = "1000." + hex(16) + "." + hex(16);
    refreshTokens.put(token, new RefreshGrant(email, scopes, settings));
    Deque<String> tokens = refreshTokensByUser.computeIfAbsent(email, e -> new ArrayDeque<>());
    tokens.addLast(token);
    if (tokens.size() > REFRESH_TOKENS_PER_USER) {
      revoke(tokens.peekFirst());
    }
    return token;
  }

  private String newAccessToken(String email, String scopes, String refreshToken, Instant now) {
    String token = "1000." + hex(16) + "." + hex(16);
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

  // ---------------------------------------------------------------- HTTP plumbing

  private static Map<String, String> parameters(HttpExchange exchange, byte[] body) {
    Map<String, String> params = new HashMap<>();
    parseForm(exchange.getRequestURI().getRawQuery(), params);
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      parseForm(new String(body, StandardCharsets.UTF_8), params);
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon > 0) {
        params.put("client_id", URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8));
        params.put("client_secret", URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void parseForm(String form, Map<String, String> into) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    Gate heldAnswer = HELD_ANSWER.get();
    if (heldAnswer != null) {
      try {
        heldAnswer.pass();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while holding an answer", e);
      }
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
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

    RefreshGrant(String email, String scopes, Builder settings) {
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

  /** Settings of a fake; every one has Zoho's value as its default. */
  public static final class Builder {
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = DEFAULT_CLIENT_SECRET;
    private String redirectUri = DEFAULT_REDIRECT_URI;
    private String apiDomain;
    private String location = "us";
    private String signedInUser = "user@example.com";
    private Clock clock = Clock.systemUTC();
    private Duration accessTokenLifetime = Duration.ofHours(1);
    private Duration grantCodeLifetime = Duration.ofMinutes(2);
    private int accessTokensPerWindow = 10;
    private Duration rateLimitWindow = Duration.ofMinutes(10);
    private int rateLimitStatus = 400;
    private boolean localisedErrors;
    private boolean legacyExpiry;
    private int port;

    private Builder() {}

    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId);
      return this;
    }

    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret);
      return this;
    }

    public Builder redirectUri(String redirectUri) {
      this.redirectUri = Objects.requireNonNull(redirectUri);
      return this;
    }

    /** The {@code api_domain} of token answers; default the fake itself, which also serves the resource APIs. */
    public Builder apiDomain(String apiDomain) {
      this.apiDomain = Objects.requireNonNull(apiDomain);
      return this;
    }

    /** The data centre the authorization redirect names in {@code location}; default {@code us}. */
    public Builder location(String location) {
      this.location = Objects.requireNonNull(location);
      return this;
    }

    public Builder signedInUser(String email) {
      this.signedInUser = Objects.requireNonNull(email);
      return this;
    }

    /** The clock for token and grant code expiry and the rate-limit window; share it with the client under test. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessTokenLifetime = Objects.requireNonNull(lifetime);
      return this;
    }

    public Builder grantCodeLifetime(Duration lifetime) {
      this.grantCodeLifetime = Objects.requireNonNull(lifetime);
      return this;
    }

    /** Zoho's limit of access tokens per refresh token per window: 10 per 10 minutes. */
    public Builder rateLimit(int accessTokensPerWindow, Duration window) {
      this.accessTokensPerWindow = accessTokensPerWindow;
      this.rateLimitWindow = Objects.requireNonNull(window);
      return this;
    }

    public Builder rateLimitStatus(int status) {
      this.rateLimitStatus = status;
      return this;
    }

    public Builder localisedErrors(boolean localised) {
      this.localisedErrors = localised;
      return this;
    }

    public Builder legacyExpiryFormat(boolean legacy) {
      this.legacyExpiry = legacy;
      return this;
    }

    /** A fixed port; default 0, a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Starts the fake on loopback. */
    public FakeZohoAccountsServer start() {
      try {
        return new FakeZohoAccountsServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the fake Zoho accounts server on port " + port, e);
      }
    }
  }
}
