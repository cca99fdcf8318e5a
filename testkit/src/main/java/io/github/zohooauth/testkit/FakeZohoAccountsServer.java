package io.github.zohooauth.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * <p>It serves Zoho's resource APIs too ({@link Endpoint#API}), and its token answers name it as the
 * {@code api_domain}, so a client's API calls reach it.
 *
 * <p>All methods are thread-safe. Failures, latency and gates let a test play Zoho's bad days; counters and
 * {@link #recordedRequests()} let it assert what a client sent. Inside, each role has its class: the accounts state
 * machine (no sockets, driven by the clock), the HTTP endpoints, the disruptions, the request log, the authorization
 * page.
 */
public final class FakeZohoAccountsServer implements AutoCloseable {
  public static final String DEFAULT_CLIENT_ID = "1000.TESTKITCLIENTID0000000000000000";
  public static final String DEFAULT_CLIENT_SECRET = "testkit0client0secret000000000000000000000";
  public static final String DEFAULT_REDIRECT_URI = "http://localhost:8080/oauth/callback";
  /** The scopes a grant code carries unless a test names others; they include the profile scope. */
  public static final String DEFAULT_SCOPES = "ZohoCRM.modules.ALL,AaaServer.profile.READ";
  public static final String GRANT_AUTHORIZATION_CODE = ZohoAccounts.GRANT_AUTHORIZATION_CODE;
  public static final String GRANT_REFRESH_TOKEN = ZohoAccounts.GRANT_REFRESH_TOKEN;
  /** A Self Client's token for an organisation ({@code soid}), with no user and no refresh token. */
  public static final String GRANT_CLIENT_CREDENTIALS = ZohoAccounts.GRANT_CLIENT_CREDENTIALS;
  /** {@code GET} with {@code ?email=...} (and optionally {@code &scope=...}): a new grant code, as plain text. */
  public static final String GRANT_CODE_PATH = "/testkit/grant-code";

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
  private final ZohoAccounts accounts;
  private final AuthorizationPage authorizationPage;
  private final DeviceFlow devices;
  /** Other fakes playing other data centres, by location, as /oauth/serverinfo lists them. */
  private final Map<String, String> otherDataCentres = new java.util.concurrent.ConcurrentHashMap<>();
  private final Disruptions disruptions = new Disruptions();
  private final RequestLog log = new RequestLog();

  private FakeZohoAccountsServer(Builder settings) throws IOException {
    this.settings = settings;
    this.accounts = new ZohoAccounts(settings, this::apiDomain);
    this.authorizationPage = new AuthorizationPage(settings, accounts, this::accountsUrl);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 0);
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-zoho-accounts");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    this.devices = new DeviceFlow(accounts, settings, this::accountsUrl);
    HttpEndpoints endpoints = new HttpEndpoints(accounts, authorizationPage, devices, this::serverInfo, disruptions,
        log);
    for (Endpoint endpoint : Endpoint.values()) {
      server.createContext(endpoint.path(), exchange -> endpoints.handle(endpoint, exchange));
    }
    server.createContext(GRANT_CODE_PATH, endpoints::grantCode);
    server.start();
  }

  /**
   * Runs a fake on its own, for trying a client or the CLI by hand: {@code java -jar zoho-oauth-testkit.jar
   * [--port N] [--redirect-uri URI]}. It prints its accounts URL, client id and secret as properties, a grant code,
   * and how to get more. Ctrl-C stops it.
   */
  public static void main(String[] args) throws InterruptedException {
    Builder builder = builder().port(9000);
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (args[i].equals("--port") && value != null && value.matches("\\d{1,5}")) {
        builder.port(Integer.parseInt(value));
        i++;
      } else if (args[i].equals("--redirect-uri") && value != null) {
        builder.redirectUri(value);
        i++;
      } else {
        System.err.println("usage: java -jar zoho-oauth-testkit.jar [--port N] [--redirect-uri URI]   (default "
            + "port 9000; 0 picks a free one)");
        System.exit(2);
      }
    }
    FakeZohoAccountsServer zoho;
    try {
      zoho = builder.start();
    } catch (UncheckedIOException e) {
      System.err.println("error: " + e.getMessage() + " (" + e.getCause().getMessage() + "): the port is taken; "
          + "pick another with --port N.");
      System.exit(1);
      return;
    }
    String user = builder.signedInUser;
    System.out.println("A fake Zoho accounts server runs at " + zoho.accountsUrl() + " (Ctrl-C stops it).");
    System.out.println();
    System.out.println("# oauth_configuration.properties for it:");
    System.out.println("client_id=" + zoho.clientId());
    System.out.println("client_secret=" + zoho.clientSecret());
    System.out.println("redirect_uri=" + zoho.redirectUri());
    System.out.println("accounts_url=" + zoho.accountsUrl());
    System.out.println("scope=" + DEFAULT_SCOPES);
    System.out.println();
    System.out.println("A grant code for " + user + " (valid " + builder.grantCodeLifetime.toMinutes()
        + " minutes, single use): " + zoho.issueGrantCode(user));
    System.out.println("More, for any user: curl -s '" + zoho.accountsUrl() + GRANT_CODE_PATH
        + "?email=you@example.com'");
    System.out.flush();
    Thread.currentThread().join();
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
    return accounts.newGrantCode(email, scopes, offline, true);
  }

  /** A refresh token the user already holds (obtained earlier), with {@link #DEFAULT_SCOPES}. */
  public String issueRefreshToken(String email) {
    return accounts.issueRefreshToken(email, DEFAULT_SCOPES);
  }

  /**
   * How many refresh tokens of {@code email} are alive at this server: a client that revokes what it replaces keeps
   * it at one per user; Zoho keeps at most 20 and silently evicts the oldest beyond that.
   */
  public int liveRefreshTokens(String email) {
    return accounts.liveRefreshTokens(email);
  }

  /** Whether {@code refreshToken} is alive here (issued, and not revoked or evicted). */
  public boolean isAlive(String refreshToken) {
    return accounts.ownerOf(refreshToken) != null;
  }

  /** Revokes a refresh token and its access tokens, as a user removing the app in Zoho's console does. */
  public void revokeRefreshToken(String refreshToken) {
    accounts.revokeRefreshToken(refreshToken);
  }

  /**
   * Ends every live access token of {@code email} early, as Zoho does to the oldest of more than 15, or when the user
   * ends the app's sessions: the resource APIs refuse them with 401 from now on. Refresh tokens stay valid.
   */
  public void invalidateAccessTokens(String email) {
    accounts.invalidateAccessTokens(email);
  }

  /** The user the authorization page signs in as; default {@code user@example.com}. */
  public void signInAs(String email) {
    authorizationPage.signInAs(email);
  }

  // ---------------------------------------------------------------- Zoho's variants and bad days

  /** Answers with {@code expires_in_sec} and {@code expires_in} in milliseconds, as some Zoho servers do. */
  public void useLegacyExpiryFormat(boolean legacy) {
    accounts.legacyExpiry(legacy);
  }

  /** The HTTP status of the rate-limit answer: 400 (Zoho today) or 200 (older reports). */
  public void rateLimitStatus(int status) {
    accounts.rateLimitStatus(status);
  }

  /** Whether error text is localised (Chinese), as some accounts servers answer; default English. */
  public void localisedErrors(boolean localised) {
    accounts.localisedErrors(localised);
  }

  /** Plays {@code failure} in place of the answer to the next request to {@code endpoint}; queued in order. */
  public void failNext(Endpoint endpoint, Failure failure) {
    disruptions.failNext(endpoint, failure);
  }

  /**
   * Holds every refresh request (grant type {@code refresh_token}) until the returned gate is released, while grant
   * exchanges and every other endpoint answer as usual: a test can sign a user in, or revoke, while that user's
   * refresh answer is pending. {@link #close()} releases it.
   */
  public Gate holdRefreshes() {
    return disruptions.holdRefreshes();
  }

  /**
   * Lets refresh requests through and holds their answers on the way back until the returned gate is released:
   * Zoho has issued the new access token (it counts, and is live), but the client has not heard of it yet. A test can
   * then revoke, or sign the user in again, while a refresh answer is in flight. {@link #close()} releases it.
   */
  public Gate holdRefreshAnswers() {
    return disruptions.holdRefreshAnswers();
  }

  /** Delays every answer of {@code endpoint} by {@code latency} (zero to stop). */
  public void latency(Endpoint endpoint, Duration latency) {
    disruptions.latency(endpoint, latency);
  }

  /**
   * Holds every request to {@code endpoint} until the returned gate is released. A test can then do its checks
   * while an answer is pending, with no sleeps. {@link #close()} releases every gate.
   */
  public Gate hold(Endpoint endpoint) {
    return disruptions.hold(endpoint);
  }

  // ---------------------------------------------------------------- what clients sent

  /** Requests received at {@code endpoint}, answered or not. */
  public int requestCount(Endpoint endpoint) {
    return log.count(endpoint);
  }

  /** Token endpoint requests with this {@code grant_type} (for example {@link #GRANT_REFRESH_TOKEN}). */
  public int tokenRequestCount(String grantType) {
    return log.tokenRequests(grantType);
  }

  /**
   * Refresh requests that named a refresh token of {@code email}, answered with success or not; for an organisation's
   * {@code soid}, its client-credentials requests.
   */
  public int refreshRequestCount(String email) {
    return log.refreshRequests(email);
  }

  /**
   * When the refresh requests of {@link #refreshRequestCount(String) refreshRequestCount} arrived, by the fake's
   * clock, in arrival order: for assertions on when a client refreshes, not only how often.
   */
  public List<java.time.Instant> refreshRequestTimes(String email) {
    return log.refreshTimes(email);
  }

  /** Token requests answered with Zoho's rate-limit refusal ("Access Denied"), for any user. */
  public int rateLimitedAnswers() {
    return accounts.rateLimitedAnswers();
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> recordedRequests() {
    return log.all();
  }

  /** Stops the server and releases every held request. */
  @Override
  public void close() {
    disruptions.releaseAll();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- the device flow, as users act on it

  /** The user signs in at the verification page and approves the device's {@code userCode} as {@code email}. */
  public void approveDevice(String userCode, String email) {
    devices.approve(userCode, email);
  }

  /**
   * From now on, {@code email} approves every device code as soon as it is issued: for testing a program that runs
   * the whole device flow by itself (a CLI's login, say).
   */
  public void approveDevicesAs(String email) {
    devices.approveAllAs(email);
  }

  /** The user refuses the device's {@code userCode}: the next poll gets {@code access_denied}. */
  public void denyDevice(String userCode) {
    devices.deny(userCode);
  }

  /**
   * The user of {@code userCode} belongs to the data centre {@code other} plays: polls here get {@code other_dc} with
   * {@code other}'s location, this fake's {@code /oauth/serverinfo} lists {@code other}, and {@code other} answers
   * the device code with the user's tokens.
   */
  public void approveDeviceIn(String userCode, String email, FakeZohoAccountsServer other) {
    otherDataCentres.put(other.settings.location, other.accountsUrl());
    devices.approveIn(userCode, email, other.settings.location, other.devices);
  }

  /** {@code slow_down} answers this fake has given to device polls. */
  public int deviceSlowDowns() {
    return devices.slowDowns();
  }

  private String serverInfo() {
    Map<String, Object> locations = new java.util.TreeMap<>(otherDataCentres);
    locations.put(settings.location, accountsUrl());
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("result", "success");
    json.put("locations", locations);
    return Json.object(json);
  }

  @Override
  public String toString() {
    return "FakeZohoAccountsServer(" + accountsUrl() + ")";
  }

  /** Settings of a fake; every one has Zoho's value as its default. */
  public static final class Builder {
    String clientId = DEFAULT_CLIENT_ID;
    String clientSecret = DEFAULT_CLIENT_SECRET;
    String redirectUri = DEFAULT_REDIRECT_URI;
    String apiDomain;
    String location = "us";
    String signedInUser = "user@example.com";
    Clock clock = Clock.systemUTC();
    Duration accessTokenLifetime = Duration.ofHours(1);
    Duration grantCodeLifetime = Duration.ofMinutes(2);
    Duration deviceCodeLifetime = Duration.ofMinutes(5);
    Duration deviceInterval = Duration.ofSeconds(30);
    boolean deviceTimesInSeconds;
    int accessTokensPerWindow = 10;
    Duration rateLimitWindow = Duration.ofMinutes(10);
    int rateLimitStatus = 400;
    boolean localisedErrors;
    boolean legacyExpiry;
    int port;

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

    /**
     * The device flow's poll interval: a poll closer than this to the one before gets {@code slow_down}. Zoho's is
     * 30 seconds.
     */
    public Builder deviceInterval(Duration interval) {
      this.deviceInterval = Objects.requireNonNull(interval);
      return this;
    }

    /** How long a device code waits for the user; Zoho's is 5 minutes. */
    public Builder deviceCodeLifetime(Duration lifetime) {
      this.deviceCodeLifetime = Objects.requireNonNull(lifetime);
      return this;
    }

    /**
     * Gives the device answer's {@code interval} and {@code expires_in} in seconds, as some scripts read them, instead
     * of the milliseconds Zoho's answers to public clients carry.
     */
    public Builder deviceTimesInSeconds(boolean seconds) {
      this.deviceTimesInSeconds = seconds;
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
