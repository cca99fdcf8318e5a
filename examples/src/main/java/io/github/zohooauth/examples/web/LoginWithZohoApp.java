package io.github.zohooauth.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zohooauth.AuthorizationRequest;
import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.spi.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * </ol>
 *
 * {@link #main} runs it against the testkit's fake accounts server, which plays the authorization page.
 */
public final class LoginWithZohoApp implements AutoCloseable {
  private static final String SESSION_COOKIE = "zoho_demo_session";
  private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  private final ZohoOAuthClient client;
  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  /** state -> the session it was issued to, and until when it may come back. */
  private final Map<String, PendingLogin> pendingLogins = new ConcurrentHashMap<>();
  /** session -> the signed-in user. */
  private final Map<String, String> signedIn = new ConcurrentHashMap<>();

  private LoginWithZohoApp(HttpServer server, ZohoOAuthClient client) {
    this.server = server;
    this.client = client;
    server.createContext("/", this::home);
    server.createContext("/oauth/callback", this::callback);
    server.createContext("/api", this::api);
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
    LoginWithZohoApp app = new LoginWithZohoApp(server, client);
    server.start();
    return app;
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

  public static void main(String[] args) throws Exception {
    HttpServer server = bind(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().redirectUri(callbackUrl(server))
        .signedInUser("jane@example.com").start();
    ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl()).scope("ZohoCRM.modules.ALL,AaaServer.profile.READ")
        .tokenStore(new InMemoryTokenPersistenceHandler()).build();
    LoginWithZohoApp app = start(server, client);
    System.out.println("Login with Zoho runs at " + app.url() + " (the Zoho side is the testkit's fake at "
        + zoho.accountsUrl() + "; it signs you in as jane@example.com). Ctrl-C stops it.");
  }

  // ---------------------------------------------------------------- pages

  private void home(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      page(exchange, 404, "Not found", "<p>No such page.</p>");
      return;
    }
    String session = session(exchange);
    String user = signedIn.get(session);
    if (user != null) {
      page(exchange, 200, "Signed in", "<p>Signed in as <b id='email'>" + html(user) + "</b>.</p>"
          + "<p><a id='api' href='/api'>Call the Zoho API</a></p>");
      return;
    }
    String state = token();
    pendingLogins.put(state, new PendingLogin(session, Instant.now().plus(STATE_LIFETIME)));
    String login = client.authorizationUrl(AuthorizationRequest.withConfiguredScopes().state(state)).toString();
    page(exchange, 200, "Welcome", "<p><a id='login' href='" + html(login) + "'>Login with Zoho</a></p>");
  }

  private void callback(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    String session = session(exchange);
    PendingLogin pending = pendingLogins.remove(query.getOrDefault("state", ""));
    if (pending == null || !pending.session.equals(session) || Instant.now().isAfter(pending.expiresAt)) {
      page(exchange, 400, "Login refused", "<p id='refused'>Login refused: the <code>state</code> of this "
          + "callback was not issued to this browser, was already used, or expired. Start again from "
          + "<a href='/'>the home page</a>.</p>");
      return;
    }
    if (query.containsKey("error")) {
      page(exchange, 400, "Login cancelled", "<p id='refused'>Zoho said: " + html(query.get("error")) + "</p>");
      return;
    }
    String accountsServer = query.getOrDefault("accounts-server", client.accountsUrl());
    ZohoOAuthTokens tokens;
    try {
      tokens = client.generateAccessTokenAt(accountsServer, query.getOrDefault("code", ""));
    } catch (ZohoOAuthException e) {
      page(exchange, 502, "Login failed", "<p id='refused'>" + html(e.getMessage()) + "</p>");
      return;
    }
    signedIn.put(session, tokens.userIdentifier());
    page(exchange, 200, "Signed in", "<p>Signed in as <b id='email'>" + html(tokens.userIdentifier()) + "</b>"
        + " (data centre <span id='location'>" + html(query.getOrDefault("location", "?")) + "</span>, API domain "
        + "<span id='api-domain'>" + html(String.valueOf(tokens.apiDomain())) + "</span>).</p>"
        + "<p><a id='api' href='/api'>Call the Zoho API</a></p>");
  }

  /** A real call to CRM for the signed-in user; a token Zoho refused meanwhile is replaced on the way. */
  private void api(HttpExchange exchange) throws IOException {
    String user = signedIn.get(session(exchange));
    if (user == null) {
      page(exchange, 401, "Not signed in", "<p>Sign in first on <a href='/'>the home page</a>.</p>");
      return;
    }
    ZohoApiClient api = client.apiClient();
    HttpResponse<String> answer;
    try {
      answer = api.send(user, HttpRequest.newBuilder(api.uri(user, "/crm/v2/users?type=CurrentUser")),
          HttpResponse.BodyHandlers.ofString());
    } catch (ZohoOAuthException e) {
      page(exchange, 502, "API call failed", "<p id='api-error'>" + html(e.getMessage()) + "</p>");
      return;
    }
    page(exchange, 200, "API call", "<p>GET " + html(answer.uri().toString()) + " for " + html(user) + " answered "
        + "<b id='api-status'>" + answer.statusCode() + "</b>:</p><pre id='api-answer'>" + html(answer.body())
        + "</pre><p><a id='api' href='/api'>Call it again</a></p>");
  }

  // ---------------------------------------------------------------- plumbing

  private String session(HttpExchange exchange) {
    String cookies = exchange.getRequestHeaders().getFirst("Cookie");
    if (cookies != null) {
      for (String cookie : cookies.split(";")) {
        String[] pair = cookie.trim().split("=", 2);
        if (pair.length == 2 && pair[0].equals(SESSION_COOKIE)) {
          return pair[1];
        }
      }
    }
    String session = token();
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

  private static void page(HttpExchange exchange, int status, String title, String body) throws IOException {
    byte[] html = ("<!doctype html><html><head><meta charset='utf-8'><title>" + html(title) + "</title></head><body>"
        + "<h1>" + html(title) + "</h1>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
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

  private static final class PendingLogin {
    final String session;
    final Instant expiresAt;

    PendingLogin(String session, Instant expiresAt) {
      this.session = session;
      this.expiresAt = expiresAt;
    }
  }
}
