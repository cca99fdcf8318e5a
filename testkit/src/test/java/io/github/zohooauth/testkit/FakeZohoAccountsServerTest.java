package io.github.zohooauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fake speaks Zoho's protocol, checked with a plain HTTP client (no code of the SDK). */
@ExtendWith(FakeZohoAccountsServerExtension.class)
class FakeZohoAccountsServerTest {
  private static final String USER = "user@example.com";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void grantExchangeAnswersLikeZoho(FakeZohoAccountsServer zoho) throws Exception {
    HttpResponse<String> answer = postForm(zoho, "/oauth/v2/token", grant(zoho, zoho.issueGrantCode(USER)));

    assertEquals(200, answer.statusCode());
    String body = answer.body();
    for (String field : new String[] {"\"access_token\":\"1000.", "\"refresh_token\":\"1000.", "\"api_domain\":",
        "\"token_type\":\"Bearer\"", "\"expires_in\":3600", "\"scope\":\"ZohoCRM.modules.ALL AaaServer.profile.READ\""}) {
      assertTrue(body.contains(field), field + " missing from " + body);
    }
  }

  @Test
  void parametersAreAcceptedInTheQueryAndClientCredentialsInBasicAuth(FakeZohoAccountsServer zoho) throws Exception {
    Map<String, String> inQuery = grant(zoho, zoho.issueGrantCode(USER));
    HttpResponse<String> byQuery = send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/token?"
        + form(inQuery))).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertTrue(byQuery.body().contains("access_token"), byQuery.body());

    Map<String, String> withoutCredentials = grant(zoho, zoho.issueGrantCode(USER));
    withoutCredentials.remove("client_id");
    withoutCredentials.remove("client_secret");
    String basic = Base64.getEncoder().encodeToString((zoho.clientId() + ":" + zoho.clientSecret())
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> byBasic = send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString(form(withoutCredentials))).build());
    assertTrue(byBasic.body().contains("access_token"), byBasic.body());
  }

  @Test
  void grantCodeIsSingleUseAndExpires() throws Exception {
    MutableTime time = new MutableTime();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(time.clock()).start()) {
      String code = zoho.issueGrantCode(USER);
      assertTrue(postForm(zoho, "/oauth/v2/token", grant(zoho, code)).body().contains("access_token"));
      assertEquals("{\"error\":\"invalid_code\"}", postForm(zoho, "/oauth/v2/token", grant(zoho, code)).body());

      String late = zoho.issueGrantCode(USER);
      time.advance(Duration.ofMinutes(2));
      assertEquals("{\"error\":\"invalid_code\"}", postForm(zoho, "/oauth/v2/token", grant(zoho, late)).body());
    }
  }

  @Test
  void wrongClientSecretAndRedirectAreZohosErrorsWithStatus200(FakeZohoAccountsServer zoho) throws Exception {
    Map<String, String> wrongSecret = grant(zoho, zoho.issueGrantCode(USER));
    wrongSecret.put("client_secret", "nope");
    Map<String, String> wrongClient = grant(zoho, zoho.issueGrantCode(USER));
    wrongClient.put("client_id", "1000.OTHER");
    Map<String, String> wrongRedirect = grant(zoho, zoho.issueGrantCode(USER));
    wrongRedirect.put("redirect_uri", "https://elsewhere");

    assertEquals("{\"error\":\"invalid_client_secret\"}", postForm(zoho, "/oauth/v2/token", wrongSecret).body());
    assertEquals("{\"error\":\"invalid_client\"}", postForm(zoho, "/oauth/v2/token", wrongClient).body());
    HttpResponse<String> answer = postForm(zoho, "/oauth/v2/token", wrongRedirect);
    assertEquals(200, answer.statusCode());
    assertEquals("{\"error\":\"invalid_redirect_uri\"}", answer.body());
  }

  @Test
  void refreshCarriesNoRefreshTokenAndTheLimitBlocksTheRestOfTheWindow() throws Exception {
    MutableTime time = new MutableTime();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(time.clock()).start()) {
      String refreshToken = zoho.issueRefreshToken(USER);
      for (int i = 0; i < 10; i++) {
        String body = postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken)).body();
        assertTrue(body.contains("access_token"), body);
        assertFalse(body.contains("refresh_token"), body);
      }
      HttpResponse<String> limited = postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken));
      assertEquals(400, limited.statusCode());
      assertTrue(limited.body().contains("\"status\":\"failure\"") && limited.body().contains("Access Denied"));

      zoho.rateLimitStatus(200);
      zoho.localisedErrors(true);
      HttpResponse<String> localised = postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken));
      assertEquals(200, localised.statusCode());
      assertTrue(localised.body().contains("拒绝访问"), localised.body());

      time.advance(Duration.ofMinutes(10));
      assertTrue(postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken)).body().contains("access_token"));
      assertEquals(13, zoho.refreshRequestCount(USER));
    }
  }

  @Test
  void aRefreshPostedAsMultipartFormDataIsAnsweredAsZohoAnswersIt(FakeZohoAccountsServer zoho) throws Exception {
    String refreshToken = zoho.issueRefreshToken(USER);
    String boundary = "--------------------------431698740214837659426187";
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> field : refresh(zoho, refreshToken).entrySet()) {
      body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field.getKey())
          .append("\"\r\n\r\n").append(field.getValue()).append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");

    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/token"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());

    assertTrue(answer.body().contains("access_token"), answer.body());
    assertEquals(1, zoho.refreshRequestCount(USER));
  }

  @Test
  void clientCredentialsGiveAnOrganisationATokenWithNoRefreshTokenAndWithoutSoidSayMissingOrgInfo(
      FakeZohoAccountsServer zoho) throws Exception {
    Map<String, String> form = new java.util.LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", zoho.clientId());
    form.put("client_secret", zoho.clientSecret());
    form.put("scope", "ZohoCRM.modules.ALL");

    assertEquals("{\"error\":\"missing_org_info\"}", postForm(zoho, "/oauth/v2/token", form).body());
    form.put("soid", "ZohoCRM.600000434");
    String body = postForm(zoho, "/oauth/v2/token", form).body();

    assertTrue(body.contains("access_token") && body.contains("api_domain"), body);
    assertFalse(body.contains("refresh_token"), body);
    assertEquals(2, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_CLIENT_CREDENTIALS));
    assertEquals(1, zoho.refreshRequestCount("ZohoCRM.600000434"), "counted per organisation");
    String token = accessToken(body);
    HttpResponse<String> leads = send(HttpRequest.newBuilder(URI.create(zoho.apiDomain() + "/crm/v8/Leads"))
        .header("Authorization", "Zoho-oauthtoken " + token).build());
    assertEquals(200, leads.statusCode(), "the token works on the organisation's CRM: " + leads.body());
  }

  @Test
  void theSixteenthAccessTokenEndsTheOldest() throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().rateLimit(100, Duration.ofMinutes(10))
        .start()) {
      String refreshToken = zoho.issueRefreshToken(USER);
      String oldest = accessToken(postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken)).body());
      assertEquals(200, userInfo(zoho, oldest).statusCode());
      for (int i = 0; i < 15; i++) {
        postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken));
      }
      assertEquals(401, userInfo(zoho, oldest).statusCode());
    }
  }

  @Test
  void userInfoNeedsTheProfileScope(FakeZohoAccountsServer zoho) throws Exception {
    String withScope = accessToken(postForm(zoho, "/oauth/v2/token", grant(zoho, zoho.issueGrantCode(USER))).body());
    String without = accessToken(postForm(zoho, "/oauth/v2/token",
        grant(zoho, zoho.issueGrantCode(USER, "ZohoCRM.modules.ALL", true))).body());

    HttpResponse<String> ok = userInfo(zoho, withScope);
    assertTrue(ok.body().contains("\"Email\":\"" + USER + "\""), ok.body());
    HttpResponse<String> refused = userInfo(zoho, without);
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().contains("INVALID_OAUTHSCOPE"), refused.body());
  }

  @Test
  void legacyExpiryIsInMilliseconds(FakeZohoAccountsServer zoho) throws Exception {
    zoho.useLegacyExpiryFormat(true);

    String body = postForm(zoho, "/oauth/v2/token", refresh(zoho, zoho.issueRefreshToken(USER))).body();

    assertTrue(body.contains("\"expires_in_sec\":3600") && body.contains("\"expires_in\":3600000"), body);
  }

  @Test
  void revokeEndsTheRefreshTokenAndAnUnknownTokenIs400(FakeZohoAccountsServer zoho) throws Exception {
    String refreshToken = zoho.issueRefreshToken(USER);
    Map<String, String> revoke = new LinkedHashMap<>();
    revoke.put("token", refreshToken);

    assertEquals("{\"status\":\"success\"}", postForm(zoho, "/oauth/v2/token/revoke", revoke).body());
    assertEquals(400, postForm(zoho, "/oauth/v2/token/revoke", revoke).statusCode());
    assertEquals("{\"error\":\"invalid_code\"}", postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken)).body());
  }

  @Test
  void authorizationPageAsksForConsentThenRedirectsBackWithCodeStateAndDataCentre(FakeZohoAccountsServer zoho)
      throws Exception {
    zoho.signInAs("browser@example.com");
    Map<String, String> request = new LinkedHashMap<>();
    request.put("scope", "AaaServer.profile.READ");
    request.put("client_id", zoho.clientId());
    request.put("response_type", "code");
    request.put("access_type", "offline");
    request.put("redirect_uri", zoho.redirectUri());
    request.put("state", "abc 123");

    HttpResponse<String> screen = send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/auth?"
        + form(request))).build());
    assertEquals(200, screen.statusCode());
    assertTrue(screen.body().contains("AaaServer.profile.READ") && screen.body().contains("browser@example.com")
        && screen.body().contains("id='accept'") && screen.body().contains("id='deny'"), screen.body());

    request.put("decision", "accept");
    HttpResponse<String> answer = postForm(zoho, "/oauth/v2/auth", request);

    assertEquals(302, answer.statusCode());
    URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
    assertTrue(location.toString().startsWith(zoho.redirectUri() + "?code="), location.toString());
    Map<String, String> query = parse(location.getRawQuery());
    assertEquals("abc 123", query.get("state"));
    assertEquals("us", query.get("location"));
    assertEquals(zoho.accountsUrl(), query.get("accounts-server"));
    String grant = postForm(zoho, "/oauth/v2/token", grant(zoho, query.get("code"))).body();
    assertTrue(grant.contains("refresh_token"), "the first consent brings a refresh token: " + grant);
    assertTrue(userInfo(zoho, accessToken(grant)).body().contains("browser@example.com"));

    request.remove("decision");
    HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/auth?"
        + form(request))).build());
    assertEquals(302, again.statusCode(), "a user who consented is sent straight back");
    String second = postForm(zoho, "/oauth/v2/token", grant(zoho, parse(URI.create(again.headers()
        .firstValue("Location").orElseThrow()).getRawQuery()).get("code"))).body();
    assertFalse(second.contains("refresh_token"), "no new refresh token without consent: " + second);
  }

  @Test
  void denyingComesBackAsAccessDenied(FakeZohoAccountsServer zoho) throws Exception {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("scope", "ZohoCRM.modules.ALL");
    request.put("client_id", zoho.clientId());
    request.put("response_type", "code");
    request.put("redirect_uri", zoho.redirectUri());
    request.put("state", "s1");
    request.put("decision", "deny");

    HttpResponse<String> answer = postForm(zoho, "/oauth/v2/auth", request);

    assertEquals(302, answer.statusCode());
    Map<String, String> query = parse(URI.create(answer.headers().firstValue("Location").orElseThrow())
        .getRawQuery());
    assertEquals("access_denied", query.get("error"));
    assertEquals("s1", query.get("state"));
    assertFalse(query.containsKey("code"));
  }

  @Test
  void authorizationPageRefusesAForeignRedirect(FakeZohoAccountsServer zoho) throws Exception {
    String url = zoho.accountsUrl() + "/oauth/v2/auth?scope=x&client_id=" + zoho.clientId()
        + "&response_type=code&redirect_uri=" + enc("https://evil.example/cb");

    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url)).build());

    assertEquals(400, answer.statusCode());
    assertTrue(answer.body().contains("Invalid Redirect Uri"));
  }

  @Test
  void failuresGatesAndCountersLetATestPlayBadDays(FakeZohoAccountsServer zoho) throws Exception {
    zoho.failNext(Endpoint.TOKEN, Failure.htmlPage(502));
    assertEquals(502, postForm(zoho, "/oauth/v2/token", refresh(zoho, zoho.issueRefreshToken(USER))).statusCode());

    Gate gate = zoho.hold(Endpoint.TOKEN);
    AtomicReference<HttpResponse<String>> held = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        held.set(postForm(zoho, "/oauth/v2/token", refresh(zoho, zoho.issueRefreshToken(USER))));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    caller.start();
    assertTrue(gate.awaitArrivals(1, Duration.ofSeconds(10)));
    assertEquals(null, held.get(), "the answer must wait for the gate");
    gate.release();
    caller.join(10_000);
    assertNotNull(held.get());
    assertEquals(2, zoho.requestCount(Endpoint.TOKEN));
    assertEquals(2, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_REFRESH_TOKEN));
    assertEquals(2, zoho.refreshRequestCount(USER));
  }

  @Test
  void holdRefreshesHoldsOnlyRefreshesWhileGrantsAreAnswered(FakeZohoAccountsServer zoho) throws Exception {
    Gate refreshes = zoho.holdRefreshes();
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
      try {
        return postForm(zoho, "/oauth/v2/token", refresh(zoho, zoho.issueRefreshToken(USER)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(refreshes.awaitArrivals(1, Duration.ofSeconds(10)));

    HttpResponse<String> granted = postForm(zoho, "/oauth/v2/token", grant(zoho, zoho.issueGrantCode(USER)));

    assertEquals(200, granted.statusCode());
    assertNotNull(accessToken(granted.body()));
    assertFalse(held.isDone(), "the refresh answer must wait for the gate");
    refreshes.release();
    assertNotNull(accessToken(held.get(10, TimeUnit.SECONDS).body()));
  }

  @Test
  void holdRefreshAnswersHoldsTheAnswerOfATokenZohoHasAlreadyIssued(FakeZohoAccountsServer zoho) throws Exception {
    String refreshToken = zoho.issueRefreshToken(USER);
    Gate answers = zoho.holdRefreshAnswers();
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
      try {
        return postForm(zoho, "/oauth/v2/token", refresh(zoho, refreshToken));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(answers.awaitArrivals(1, Duration.ofSeconds(10)));

    assertEquals(200, postForm(zoho, "/oauth/v2/token/revoke", Map.of("token", refreshToken)).statusCode());
    assertFalse(held.isDone(), "the answer must wait for the gate");
    answers.release();

    assertNotNull(accessToken(held.get(10, TimeUnit.SECONDS).body()), "issued before the revoke, answered after it");
  }

  private static Map<String, String> grant(FakeZohoAccountsServer zoho, String code) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("client_id", zoho.clientId());
    form.put("client_secret", zoho.clientSecret());
    form.put("redirect_uri", zoho.redirectUri());
    form.put("code", code);
    return form;
  }

  private static Map<String, String> refresh(FakeZohoAccountsServer zoho, String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", zoho.clientId());
    form.put("client_secret", zoho.clientSecret());
    form.put("refresh_token", refreshToken);
    return form;
  }

  private HttpResponse<String> postForm(FakeZohoAccountsServer zoho, String path, Map<String, String> form)
      throws Exception {
    return send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
  }

  private HttpResponse<String> userInfo(FakeZohoAccountsServer zoho, String accessToken) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/user/info"))
        .header("Authorization", "Zoho-oauthtoken " + accessToken).build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String accessToken(String json) {
    int start = json.indexOf("\"access_token\":\"") + 16;
    return json.substring(start, json.indexOf('"', start));
  }

  private static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return out.toString();
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A hand-moved clock for expiry and windows. */
  private static final class MutableTime {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    Clock clock() {
      return new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
    }
  }
}
