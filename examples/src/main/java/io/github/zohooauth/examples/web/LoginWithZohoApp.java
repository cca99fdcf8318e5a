package io.github.zohooauth.examples.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zohooauth.AuthorizationRequest;
import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A "Login with Zoho" web app for multi-user applications, on the JDK's HttpServer.
 *
 * <ol>
 *   <li>{@code /}: a "Login with Zoho" link built by {@link ZohoOAuthClient#authorizationUrl} with a random
 *       {@code state} bound to this browser's session cookie.</li>
 *   <li>{@code /oauth/callback}: checks {@code state} (single use, this session's, not expired), exchanges the code
 *       at the user's data centre ({@code accounts-server}, Zoho's servers only), stores the tokens, and shows the
 *       user's email and API domain.</li>
 *   <li>{@code /api}: a call to CRM through {@link ZohoOAuthClient#apiClient()}, which replaces a token Zoho refused
 *       on its own.</li>
 *   <li>{@code /logout} (POST): signs the browser out; a user who declined on Zoho's consent screen comes back with
 *       {@code error=access_denied} and is told nothing was stored.</li>
 * </ol>
 *
 * {@link #main} runs it against the testkit's fake accounts server, which plays the authorization page.
 */
public final class LoginWithZohoApp implements AutoCloseable {
  private static final String SESSION_COOKIE = "zoho_demo_session";
  private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final Duration SESSION_IDLE = Duration.ofMinutes(30);
  /** At most this many browser sessions and this many pending sign-ins are kept; the oldest go first. */
  static final int MAX_SESSIONS = 10_000;
  static final String PORT_VARIABLE = "LOGIN_WITH_ZOHO_PORT";
  private static final int DEFAULT_PORT = 8080;

  private final ZohoOAuthClient client;
  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  /** state -> the session it was issued to, and until when it may come back; bounded in number and age. */
  private final Cache<String, PendingLogin> pendingLogins;
  /**
   * The session ids this server issued, each with who is signed in there (if anyone); bounded in number and idle
   * time. A cookie naming any other id is never adopted: a new id is issued instead.
   */
  private final Cache<String, Session> sessions;

  private LoginWithZohoApp(HttpServer server, ZohoOAuthClient client, int maxSessions) {
    this.server = server;
    this.client = client;
    this.pendingLogins = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterWrite(STATE_LIFETIME)
        .executor(Runnable::run).build();
    this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterAccess(SESSION_IDLE)
        .executor(Runnable::run).build();
    server.createContext("/", this::home);
    server.createContext("/oauth/callback", this::callback);
    server.createContext("/api", this::api);
    server.createContext("/logout", this::logout);
    server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "login-with-zoho");
      thread.setDaemon(true);
      return thread;
    }));
  }

  /** Binds a loopback port (0 for any free one); {@link #start} serves with {@code client}. */
  public static HttpServer bind(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
  }

  /** Serves the app on {@code server} (from {@link #bind}) with {@code client}. */
  public static LoginWithZohoApp start(HttpServer server, ZohoOAuthClient client) {
    return start(server, client, MAX_SESSIONS);
  }

  /** {@link #start} keeping at most {@code maxSessions} browser sessions and as many pending sign-ins. */
  static LoginWithZohoApp start(HttpServer server, ZohoOAuthClient client, int maxSessions) {
    LoginWithZohoApp app = new LoginWithZohoApp(server, client, maxSessions);
    server.start();
    return app;
  }

  /** How many sessions and pending sign-ins are kept now (after pending evictions). */
  long[] kept() {
    sessions.cleanUp();
    pendingLogins.cleanUp();
    return new long[] {sessions.estimatedSize(), pendingLogins.estimatedSize()};
  }

  /** The redirect URI to register: {@code http://localhost:<port>/oauth/callback}. */
  public static String callbackUrl(HttpServer server) {
    return "http://localhost:" + server.getAddress().getPort() + "/oauth/callback";
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/";
  }

  /** This app's redirect URI. */
  public String callbackUrl() {
    return callbackUrl(server);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * Runs the app against the testkit's fake Zoho: {@code [--port N]}, else {@code $LOGIN_WITH_ZOHO_PORT}, else 8080.
   */
  public static void main(String[] args) throws Exception {
    int port = port(args, System.getenv(PORT_VARIABLE));
    HttpServer server;
    try {
      server = bind(port);
    } catch (BindException e) {
      System.err.println("error: port " + port + " is taken. Pick another with --port N (or " + PORT_VARIABLE
          + "=N).");
      System.exit(1);
      return;
    }
    FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().redirectUri(callbackUrl(server))
        .signedInUser("jane@example.com").port(0).start();
    ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl()).scope("ZohoCRM.modules.ALL,AaaServer.profile.READ")
        .tokenStore(new InMemoryTokenPersistenceHandler()).build();
    LoginWithZohoApp app = start(server, client);
    System.out.println("Login with Zoho runs at " + app.url() + " (the Zoho side is the testkit's fake at "
        + zoho.accountsUrl() + "; it signs you in as jane@example.com). Ctrl-C stops it.");
  }

  static int port(String[] args, String fromEnvironment) {
    String value = fromEnvironment;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].matches("\\d+")) {
        value = args[i]; // the old form: the port alone
      }
    }
    if (value == null) {
      return DEFAULT_PORT;
    }
    if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65_535) {
      throw new IllegalArgumentException("--port (or " + PORT_VARIABLE + ") must be a port number, was '" + value
          + "'");
    }
    return Integer.parseInt(value);
  }

  // ---------------------------------------------------------------- pages

  private void home(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      page(exchange, 404, "Not found", null, "<p>No such page. <a href='/'>Home</a></p>");
      return;
    }
    String session = session(exchange);
    SignedIn user = userOf(session);
    if (user != null) {
      page(exchange, 200, "Welcome back", user, signedInCard(user));
      return;
    }
    String state = token();
    pendingLogins.put(state, new PendingLogin(session, Instant.now().plus(STATE_LIFETIME)));
    String login = client.authorizationUrl(AuthorizationRequest.withConfiguredScopes().state(state)).toString();
    page(exchange, 200, "Welcome", null, "<p>Sign in with your Zoho account to let this app call Zoho CRM for you."
        + "</p><p><a class='button primary' id='login' href='" + html(login) + "'>Login with Zoho</a></p>");
  }

  private void callback(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    String session = session(exchange);
    PendingLogin pending = pendingLogins.asMap().remove(query.getOrDefault("state", ""));
    if (pending == null || !pending.session.equals(session) || Instant.now().isAfter(pending.expiresAt)) {
      page(exchange, 400, "Login refused", null, "<p id='refused'>Login refused: the <code>state</code> of this "
          + "callback was not issued to this browser, was already used, or expired. Start again from "
          + "<a href='/'>the home page</a>.</p>");
      return;
    }
    if ("access_denied".equals(query.get("error"))) {
      page(exchange, 200, "Login cancelled", null, "<p id='denied'>You declined to let this app access your Zoho "
          + "account, so nothing was stored. <a href='/'>Try again</a> whenever you like.</p>");
      return;
    }
    if (query.containsKey("error")) {
      page(exchange, 400, "Login failed", null, "<p id='refused'>Zoho answered: " + html(query.get("error"))
          + ". <a href='/'>Start again</a>.</p>");
      return;
    }
    String accountsServer = query.getOrDefault("accounts-server", client.accountsUrl());
    ZohoOAuthTokens tokens;
    try {
      tokens = client.generateAccessTokenAt(accountsServer, query.getOrDefault("code", ""));
    } catch (ZohoOAuthException e) {
      page(exchange, 502, "Login failed", null, "<p id='refused'>" + html(e.getMessage()) + "</p>");
      return;
    }
    SignedIn user = new SignedIn(tokens.userIdentifier(), query.getOrDefault("location", "?"));
    // A new session id at sign-in: an id anyone saw before (planted in this browser, say) never becomes signed in.
    sessions.invalidate(session);
    newSession(exchange, user);
    page(exchange, 200, "Signed in", user, signedInCard(user));
  }

  /** A real call to CRM for the signed-in user; a token Zoho refused meanwhile is replaced on the way. */
  private void api(HttpExchange exchange) throws IOException {
    SignedIn user = userOf(session(exchange));
    if (user == null) {
      page(exchange, 401, "Not signed in", null, "<p>Sign in first on <a href='/'>the home page</a>.</p>");
      return;
    }
    ZohoApiClient api = client.apiClient();
    HttpResponse<String> answer;
    try {
      answer = api.send(user.email, HttpRequest.newBuilder(api.uri(user.email, "/crm/v2/users?type=CurrentUser")),
          HttpResponse.BodyHandlers.ofString());
    } catch (ZohoOAuthException e) {
      page(exchange, 502, "API call failed", user, "<p id='api-error'>" + html(e.getMessage()) + "</p>");
      return;
    }
    page(exchange, 200, "API call", user, "<p><code>GET " + html(answer.uri().toString()) + "</code> answered "
        + "<b id='api-status'>" + answer.statusCode() + "</b>:</p><pre id='api-answer'>" + html(answer.body())
        + "</pre><p><a class='button primary' id='api' href='/api'>Call it again</a> <a class='button' href='/'>"
        + "Home</a></p>");
  }

  /** Signs this browser out (POST only, so a link elsewhere cannot); the stored tokens stay for the next login. */
  private void logout(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      page(exchange, 405, "Sign out", null, "<p>Sign out with the button on <a href='/'>the home page</a>.</p>");
      return;
    }
    sessions.invalidate(session(exchange)); // the session ends: its id is never accepted again
    exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    exchange.getResponseHeaders().add("Location", "/");
    exchange.sendResponseHeaders(303, -1);
    exchange.close();
  }

  private String signedInCard(SignedIn user) {
    ZohoOAuthTokens tokens = client.getTokens(user.email);
    return "<dl><dt>Signed in as</dt><dd id='email'>" + html(user.email) + "</dd><dt>Data centre</dt>"
        + "<dd id='location'>" + html(user.location) + "</dd><dt>API domain</dt><dd id='api-domain'>"
        + html(String.valueOf(tokens.apiDomain())) + "</dd></dl><p><a class='button primary' id='api' "
        + "href='/api'>Call the Zoho API</a></p>";
  }

  // ---------------------------------------------------------------- plumbing

  /** Who is signed in in {@code session}; null for nobody (or a session evicted meanwhile). */
  private SignedIn userOf(String session) {
    Session live = sessions.getIfPresent(session);
    return live == null ? null : live.user;
  }

  /** The browser's session id if this server issued it and it is still live; otherwise a new one. */
  private String session(HttpExchange exchange) {
    String cookies = exchange.getRequestHeaders().getFirst("Cookie");
    if (cookies != null) {
      for (String cookie : cookies.split(";")) {
        String[] pair = cookie.trim().split("=", 2);
        if (pair.length == 2 && pair[0].equals(SESSION_COOKIE) && sessions.getIfPresent(pair[1]) != null) {
          return pair[1];
        }
      }
    }
    return newSession(exchange, null);
  }

  /** Issues a session id for {@code user} (null: nobody signed in yet) and sets its cookie. */
  private String newSession(HttpExchange exchange, SignedIn user) {
    String session = token();
    sessions.put(session, new Session(user));
    // Lax: the cookie must come back on Zoho's top-level redirect to the callback.
    exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Lax");
    return session;
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] parts = pair.split("=", 2);
        query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
            parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  private static final String STYLE = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;"
      + "background:#f4f6f8;color:#1f2328}header{background:#fff;border-bottom:1px solid #d8dee4;padding:.8rem 1.5rem;"
      + "display:flex;justify-content:space-between;align-items:center}header b{font-size:1.1rem}header form{margin:0}"
      + "main{max-width:40rem;margin:2.5rem auto;background:#fff;border-radius:10px;padding:1.5rem 2rem;"
      + "box-shadow:0 2px 12px #0001}h1{font-size:1.4rem;margin-top:0}dl{display:grid;grid-template-columns:9rem 1fr;"
      + "gap:.4rem 1rem}dt{color:#59636e}dd{margin:0;font-weight:600}pre{background:#f6f8fa;padding:1rem;"
      + "border-radius:6px;overflow:auto}.button,button{display:inline-block;padding:.55rem 1.2rem;border-radius:6px;"
      + "border:1px solid #d0d7de;background:#f6f8fa;color:#1f2328;text-decoration:none;font-size:.95rem;"
      + "cursor:pointer}.primary{background:#1a73e8;border-color:#1a73e8;color:#fff}";

  private static void page(HttpExchange exchange, int status, String title, SignedIn user, String body)
      throws IOException {
    String account = user == null ? "" : "<span>" + html(user.email) + " &middot; <form method='post' "
        + "action='/logout' style='display:inline'><button id='logout'>Sign out</button></form></span>";
    byte[] html = ("<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        + "<title>" + html(title) + " - Login with Zoho example</title><style>" + STYLE + "</style></head><body>"
        + "<header><b>Login with Zoho example</b>" + account + "</header><main><h1>" + html(title) + "</h1>" + body
        + "</main></body></html>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, html.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(html);
    }
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
        .replace("\"", "&quot;");
  }

  /** Who is signed in in a browser session, and at which data centre. */
  private static final class SignedIn {
    final String email;
    final String location;

    SignedIn(String email, String location) {
      this.email = email;
      this.location = location;
    }
  }

  /** A session this server issued, and who is signed in there (null: nobody yet). */
  private static final class Session {
    final SignedIn user;

    Session(SignedIn user) {
      this.user = user;
    }
  }

  private static final class PendingLogin {
    final String session;
    final Instant expiresAt;

    PendingLogin(String session, Instant expiresAt) {
      this.session = session;
      this.expiresAt = expiresAt;
    }
  }
}
