package io.github.zohooauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fake's HTTP side: reads each request, logs it, lets the disruptions play, and writes the answer of the
 * accounts state machine, the authorization page or the resource APIs. Runs on the server's handler threads.
 */
final class HttpEndpoints {
  private static final String JSON = "application/json;charset=UTF-8";
  private static final String HTML = "text/html;charset=UTF-8";
  private static final String GRANT_REFRESH_TOKEN = ZohoAccounts.GRANT_REFRESH_TOKEN;

  private final ZohoAccounts accounts;
  private final AuthorizationPage authorizationPage;
  private final DeviceFlow devices;
  private final java.util.function.Supplier<String> serverInfo;
  private final Disruptions disruptions;
  private final RequestLog log;

  HttpEndpoints(ZohoAccounts accounts, AuthorizationPage authorizationPage, DeviceFlow devices,
      java.util.function.Supplier<String> serverInfo, Disruptions disruptions, RequestLog log) {
    this.devices = devices;
    this.serverInfo = serverInfo;
    this.accounts = accounts;
    this.authorizationPage = authorizationPage;
    this.disruptions = disruptions;
    this.log = log;
  }

  void handle(Endpoint endpoint, HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      log.request(endpoint, new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI(),
          new LinkedHashMap<>(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
      boolean refresh = false;
      if (endpoint == Endpoint.TOKEN) {
        Map<String, String> params = parameters(exchange, body);
        String grantType = params.getOrDefault("grant_type", "");
        refresh = GRANT_REFRESH_TOKEN.equals(grantType);
        log.tokenRequest(grantType, refresh ? accounts.ownerOf(params.getOrDefault("refresh_token", ""))
            : ZohoAccounts.GRANT_CLIENT_CREDENTIALS.equals(grantType) ? params.get("soid") : null, accounts.now());
      }
      disruptions.beforeAnswer(endpoint, refresh);
      Failure failure = disruptions.nextFailure(endpoint);
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
      disruptions.done();
      exchange.close();
    }
  }

  private void answer(Endpoint endpoint, HttpExchange exchange, byte[] body) throws IOException {
    ZohoAccounts.Answer answer;
    switch (endpoint) {
      case TOKEN:
        if (!"POST".equals(exchange.getRequestMethod())) {
          send(exchange, 405, "text/plain", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
          return;
        }
        answer = accounts.token(parameters(exchange, body));
        break;
      case REVOKE:
        answer = accounts.revokeAnswer(parameters(exchange, body).getOrDefault("token", ""));
        break;
      case USER_INFO:
        answer = accounts.userInfo(bearer(exchange.getRequestHeaders().getFirst("Authorization")));
        break;
      case DEVICE_CODE:
        answer = devices.start(parameters(exchange, body));
        break;
      case DEVICE_TOKEN:
        answer = devices.poll(parameters(exchange, body));
        break;
      case SERVER_INFO:
        answer = new ZohoAccounts.Answer(200, serverInfo.get());
        break;
      case API:
        answer = ResourceApi.answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"), body.length, accounts::liveGrant);
        break;
      case AUTHORIZE:
        authorize(exchange, body);
        return;
      default:
        throw new IllegalStateException(endpoint.name());
    }
    send(exchange, answer.status, JSON, answer.json.getBytes(StandardCharsets.UTF_8));
  }

  /** The testkit's own {@code /testkit/grant-code}: what a user would get by consenting in a browser. */
  void grantCode(HttpExchange exchange) throws IOException {
    try {
      Map<String, String> params = parameters(exchange, new byte[0]);
      String email = params.get("email");
      if (email == null || email.isBlank()) {
        send(exchange, 400, "text/plain;charset=UTF-8",
            "Name the user: ?email=you@example.com\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String code = accounts.newGrantCode(email, params.getOrDefault("scope", FakeZohoAccountsServer.DEFAULT_SCOPES),
          true, true);
      send(exchange, 200, "text/plain;charset=UTF-8", code.getBytes(StandardCharsets.UTF_8));
    } finally {
      exchange.close();
    }
  }

  /** The consent screen on GET; the user's answer on POST (the screen's form). */
  private void authorize(HttpExchange exchange, byte[] body) throws IOException {
    Map<String, String> params = parameters(exchange, body);
    String problem = authorizationPage.problem(params);
    if (problem != null) {
      send(exchange, 400, HTML, ("<html><body><h1>" + problem + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
      return;
    }
    String location;
    if ("POST".equals(exchange.getRequestMethod())) {
      location = "accept".equals(params.get("decision")) ? authorizationPage.redirect(params, true)
          : authorizationPage.denied(params);
    } else if (authorizationPage.needsConsent(params)) {
      send(exchange, 200, HTML, authorizationPage.consentScreen(params).getBytes(StandardCharsets.UTF_8));
      return;
    } else {
      location = authorizationPage.redirect(params, false);
    }
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  /** The token of an {@code Authorization: Zoho-oauthtoken ...} (or {@code Bearer ...}) header, or null. */
  private static String bearer(String authorization) {
    if (authorization != null) {
      for (String scheme : new String[] {"Zoho-oauthtoken ", "Bearer "}) {
        if (authorization.startsWith(scheme)) {
          return authorization.substring(scheme.length());
        }
      }
    }
    return null;
  }

  private static Map<String, String> parameters(HttpExchange exchange, byte[] body) {
    Map<String, String> params = new HashMap<>();
    parseForm(exchange.getRequestURI().getRawQuery(), params);
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      parseForm(new String(body, StandardCharsets.UTF_8), params);
    } else if (contentType != null && contentType.startsWith("multipart/form-data")) {
      parseMultipart(contentType, body, params); // as Zoho's current SDKs post their token requests
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

  /**
   * The text fields of a {@code multipart/form-data} body: each part's {@code name} from its
   * {@code Content-Disposition}, and its content up to the next boundary.
   */
  static void parseMultipart(String contentType, byte[] body, Map<String, String> into) {
    int at = contentType.indexOf("boundary=");
    if (at < 0) {
      return;
    }
    String boundary = contentType.substring(at + "boundary=".length()).split(";")[0].trim().replace("\"", "");
    String text = new String(body, StandardCharsets.UTF_8);
    for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
      int headersEnd = part.indexOf("\r\n\r\n");
      if (headersEnd < 0) {
        continue;
      }
      java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"")
          .matcher(part.substring(0, headersEnd));
      if (name.find()) {
        String value = part.substring(headersEnd + 4);
        into.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
      }
    }
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

  private void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    try {
      disruptions.beforeSend();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while holding an answer", e);
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
