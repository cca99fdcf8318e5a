package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static io.github.zohooauth.testkit.FakeZohoAccountsServer.GRANT_REFRESH_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.MissingProfileScopeException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZohoOAuthClientTest {
  private static final String USER = "user@example.com";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;

  /** Hears the client's refreshes, so a test can wait for a background one without polling. */
  private final TokenEventsTest.Recorder refreshes = new TokenEventsTest.Recorder();

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
    client = clientFor(zoho, clock, store).eventListener(refreshes).build();
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
  }

  @Test
  void grantTokenIsExchangedAndStoredUnderTheEmailFromUserInfo() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER));

    assertEquals(USER, tokens.userIdentifier());
    assertEquals(zoho.apiDomain(), tokens.apiDomain());
    assertEquals(clock.instant().plus(Duration.ofHours(1)), tokens.expiresAt());
    assertEquals(tokens, store.load(USER).orElseThrow());
    assertEquals(tokens.accessToken(), client.getAccessToken(USER));
    assertEquals(1, zoho.requestCount(Endpoint.USER_INFO));
  }

  @Test
  void oneRuleForIdentifiersEverywhereSurroundingWhitespaceAndUnpairedSurrogatesAreRefused() {
    client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    int requests = zoho.requestCount(Endpoint.TOKEN);

    for (String bad : List.of(" " + USER, USER + " ", USER + "\t", "a\uD800@example.com", "x".repeat(256))) {
      IllegalArgumentException grant = assertThrows(IllegalArgumentException.class,
          () -> client.generateAccessToken("1000.code", bad), bad);
      assertThrows(IllegalArgumentException.class, () -> client.getAccessToken(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> client.getTokens(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> client.revokeRefreshToken(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> client.generateAccessTokenFromRefreshToken("1000.r", bad));
      assertThrows(IllegalArgumentException.class, () -> client.saveTokens(ZohoOAuthTokens.builder()
          .userIdentifier(bad).refreshToken("1000.r").build()), bad);
      assertTrue(grant.getMessage().contains("user identifier"), grant.getMessage());
    }
    assertEquals(requests, zoho.requestCount(Endpoint.TOKEN), "nothing reached Zoho");
    assertEquals(List.of(USER), store.userIdentifiers(), "nothing was stored");
  }

  @Test
  void grantWithAnExplicitUserSkipsUserInfo() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), "crm-bot");

    assertEquals("crm-bot", tokens.userIdentifier());
    assertEquals(0, zoho.requestCount(Endpoint.USER_INFO));
  }

  @Test
  void grantWithoutTheProfileScopeSaysWhichScopeToAddAndRevokesTheOrphanRefreshToken() {
    String code = zoho.issueGrantCode(USER, "ZohoCRM.modules.ALL", true);

    MissingProfileScopeException error =
        assertThrows(MissingProfileScopeException.class, () -> client.generateAccessToken(code));

    assertTrue(error.getMessage().contains("AaaServer.profile.READ"), error.getMessage());
    assertEquals(1, zoho.requestCount(Endpoint.REVOKE));
    assertEquals(0, store.size());
  }

  @Test
  void secondOfflineGrantWithoutConsentKeepsTheStoredRefreshToken() {
    ZohoOAuthTokens first = client.generateAccessToken(zoho.issueGrantCode(USER));
    zoho.signInAs(USER);
    String url = client.authorizationUrl(AuthorizationRequest.withScopes("AaaServer.profile.READ")).toString();
    String code = grantCodeFromAuthorizationRedirect(url);

    ZohoOAuthTokens second = client.generateAccessToken(code);

    assertNotEquals(first.accessToken(), second.accessToken());
    assertEquals(first.refreshToken(), second.refreshToken());
  }

  @Test
  void refreshTokenGivenByHandIsStoredWithAFreshAccessToken() {
    String refreshToken = zoho.issueRefreshToken(USER);

    ZohoOAuthTokens tokens = client.generateAccessTokenFromRefreshToken(refreshToken, USER);

    assertEquals(refreshToken, tokens.refreshToken());
    assertEquals(tokens.accessToken(), client.getAccessToken(USER));
    assertEquals(1, zoho.tokenRequestCount(GRANT_REFRESH_TOKEN));
  }

  @Test
  void savedTokensWithOnlyARefreshTokenAreRefreshedOnFirstUse() {
    client.saveTokens(ZohoOAuthTokens.builder().userIdentifier(USER).refreshToken(zoho.issueRefreshToken(USER)).build());
    assertEquals(TokenState.EXPIRED, client.getTokenState(USER));

    String accessToken = client.getAccessToken(USER);

    assertEquals(accessToken, store.load(USER).orElseThrow().accessToken());
    assertEquals(1, zoho.refreshRequestCount(USER));
  }

  @Test
  void freshTokenIsServedWithNoRequestAndNoStoreRead() {
    client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    int before = zoho.recordedRequests().size();
    store.delete(USER); // a store read would now fail with UnknownUser: the cache must answer

    for (int i = 0; i < 1_000; i++) {
      client.getAccessToken(USER);
    }

    assertEquals(before, zoho.recordedRequests().size());
  }

  @Test
  void expiredTokenIsRefreshedKeepingTheRefreshTokenAndApiDomain() {
    ZohoOAuthTokens original = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // inside the 1-minute safety margin

    String refreshed = client.getAccessToken(USER);

    ZohoOAuthTokens stored = store.load(USER).orElseThrow();
    assertNotEquals(original.accessToken(), refreshed);
    assertEquals(refreshed, stored.accessToken());
    assertEquals(original.refreshToken(), stored.refreshToken());
    assertEquals(original.apiDomain(), stored.apiDomain());
    assertEquals(clock.instant().plus(Duration.ofHours(1)), stored.expiresAt());
    assertEquals(1, zoho.refreshRequestCount(USER));
  }

  @Test
  void legacyMillisecondExpiryIsReadAsAnHour() {
    zoho.useLegacyExpiryFormat(true);

    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);

    assertEquals(clock.instant().plus(Duration.ofHours(1)), tokens.expiresAt());
    assertEquals(TokenState.FRESH, client.getTokenState(USER));
  }

  @Test
  void thousandThreadsOnOneExpiredTokenCauseExactlyOneRefreshRequest() throws Exception {
    client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofHours(2));
    zoho.latency(Endpoint.TOKEN, Duration.ofMillis(200)); // keep the one refresh in flight while the others arrive
    int threads = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return client.getAccessToken(USER);
        }));
      }
      start.countDown();
      String expected = null;
      for (Future<String> result : results) {
        String token = result.get(30, TimeUnit.SECONDS);
        expected = expected == null ? token : expected;
        assertEquals(expected, token);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, zoho.refreshRequestCount(USER));
    assertEquals(store.load(USER).orElseThrow().accessToken(), client.getAccessToken(USER));
  }

  @Test
  void staleTokenIsReturnedAtOnceWhileTheBackgroundRefreshIsHeldOpen() throws Exception {
    ZohoOAuthTokens original = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofMinutes(57)); // 3 minutes left: inside the 5-minute refresh window, outside the margin
    assertEquals(TokenState.STALE, client.getTokenState(USER));
    var gate = zoho.hold(Endpoint.TOKEN);

    for (int i = 0; i < 50; i++) {
      assertEquals(original.accessToken(), client.getAccessToken(USER)); // returns while the refresh is pending
    }
    assertTrue(gate.awaitArrivals(1, Duration.ofSeconds(10)), "the background refresh should have started");
    gate.release();

    String refreshed = awaitNewToken(original.accessToken());
    assertNotEquals(original.accessToken(), refreshed);
    assertEquals(1, zoho.refreshRequestCount(USER));
    assertEquals(1, gate.arrivals());
  }

  @Test
  void unknownUserIsToldHowToGenerateTokens() {
    UnknownUserException error = assertThrows(UnknownUserException.class, () -> client.getAccessToken("nobody@x.com"));

    assertTrue(error.getMessage().contains("nobody@x.com"));
    assertTrue(error.getMessage().contains("generateAccessToken"));
  }

  @Test
  void getAccessTokenWithoutUserNeedsCurrentUserEmail() {
    ZohoOAuthException error = assertThrows(ZohoOAuthException.class, () -> client.getAccessToken());
    assertTrue(error.getMessage().contains("currentUserEmail"));

    try (ZohoOAuthClient withUser = clientFor(zoho, clock, store).currentUserEmail(USER).build()) {
      withUser.generateAccessToken(zoho.issueGrantCode(USER));
      assertEquals(withUser.getAccessToken(USER), withUser.getAccessToken());
    }
  }

  @Test
  void revokeEndsTheTokensAtZohoAndDeletesThemHere() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);

    client.revokeRefreshToken(USER);

    assertFalse(store.load(USER).isPresent());
    assertThrows(UnknownUserException.class, () -> client.getAccessToken(USER));
    RecordedRequest revoke = zoho.recordedRequests().stream()
        .filter(r -> r.path().equals(Endpoint.REVOKE.path())).findFirst().orElseThrow();
    assertTrue(revoke.body().contains(tokens.refreshToken()));
  }

  @Test
  void revokeOfATokenZohoNoLongerKnowsStillDeletesIt() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    zoho.revokeRefreshToken(tokens.refreshToken());

    client.revokeRefreshToken(USER);

    assertFalse(store.load(USER).isPresent());
  }

  @Test
  void secretsAndTokensNeverTravelInAUrl() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofHours(2));
    client.getAccessToken(USER);
    client.revokeRefreshToken(USER);

    for (RecordedRequest request : zoho.recordedRequests()) {
      String url = request.uri().toString();
      assertFalse(url.contains(zoho.clientSecret()), request + " carries the secret in its URL");
      assertFalse(url.contains(tokens.refreshToken()), request + " carries the refresh token in its URL");
      assertFalse(url.contains(tokens.accessToken()), request + " carries the access token in its URL");
    }
    assertTrue(zoho.recordedRequests().stream().anyMatch(r -> r.body().contains("client_secret=")));
  }

  @Test
  void authorizationUrlCarriesWhatTheUserIsAskedForAndNeverTheSecret() {
    URI url = client.authorizationUrl(AuthorizationRequest.withScopes("ZohoCRM.modules.ALL", "AaaServer.profile.READ")
        .state("s t&ate").accessType(AccessType.OFFLINE).promptConsent());

    String text = url.toString();
    assertTrue(text.startsWith(zoho.accountsUrl() + "/oauth/v2/auth?"), text);
    assertTrue(text.contains("scope=ZohoCRM.modules.ALL%2CAaaServer.profile.READ"), text);
    assertTrue(text.contains("client_id=" + zoho.clientId()), text);
    assertTrue(text.contains("response_type=code"), text);
    assertTrue(text.contains("access_type=offline"), text);
    assertTrue(text.contains("prompt=consent"), text);
    assertTrue(text.contains("state=s+t%26ate"), text);
    assertFalse(text.contains(zoho.clientSecret()), text);
  }

  @Test
  void authorizationUrlLeadsThroughTheFakeToAGrantThatWorks() {
    zoho.signInAs("browser@example.com");
    String code = grantCodeFromAuthorizationRedirect(
        client.authorizationUrl(AuthorizationRequest.withScopes("AaaServer.profile.READ").state("xyz").promptConsent())
            .toString());

    assertEquals("browser@example.com", client.generateAccessToken(code).userIdentifier());
  }

  @Test
  void expiredTokenWithoutRefreshTokenAsksForOfflineAuthorization() {
    client.generateAccessToken(zoho.issueGrantCode(USER, "AaaServer.profile.READ", false), USER);
    assertNull(store.load(USER).orElseThrow().refreshToken());
    clock.advance(Duration.ofHours(2));

    ZohoOAuthException error = assertThrows(ZohoOAuthException.class, () -> client.getAccessToken(USER));

    assertTrue(error.getMessage().contains("access_type=offline"), error.getMessage());
  }

  @Test
  void grantAtTheConfiguredAccountsServerIsStoredWithoutAnOwnServer() {
    ZohoOAuthTokens tokens = client.generateAccessTokenAt(zoho.accountsUrl() + "/", zoho.issueGrantCode(USER));

    assertEquals(USER, tokens.userIdentifier());
    assertNull(tokens.accountsServer());
  }

  @Test
  void grantAtAForeignAccountsServerIsRefusedBeforeAnythingIsSent() {
    int before = zoho.recordedRequests().size();

    ZohoOAuthException error = assertThrows(ZohoOAuthException.class,
        () -> client.generateAccessTokenAt("https://evil.example", "1000.code"));

    assertTrue(error.getMessage().contains("https://evil.example"), error.getMessage());
    assertEquals(before, zoho.recordedRequests().size());
  }

  @Test
  void tokensOfAnotherDataCentreAreRefreshedThere() {
    try (FakeZohoAccountsServer eu = FakeZohoAccountsServer.builder().clock(clock).apiDomain("https://www.zohoapis.eu")
        .start()) {
      client.close();
      client = clientFor(zoho, clock, store).allowAccountsServers(eu.accountsUrl()).build();
      client.saveTokens(ZohoOAuthTokens.builder().userIdentifier("eu@example.com")
          .refreshToken(eu.issueRefreshToken("eu@example.com")).accountsServer(eu.accountsUrl()).build());

      client.getAccessToken("eu@example.com");

      assertEquals(1, eu.refreshRequestCount("eu@example.com"));
      assertEquals(0, zoho.requestCount(Endpoint.TOKEN));
      assertEquals("https://www.zohoapis.eu", client.getTokens("eu@example.com").apiDomain());
    }
  }

  @Test
  void storedUsersAreListed() {
    client.generateAccessToken(zoho.issueGrantCode(USER), "b-user");
    client.generateAccessToken(zoho.issueGrantCode(USER), "a-user");

    assertEquals(List.of("a-user", "b-user"), client.getUserIdentifiers());
  }

  @Test
  void tokensToStringMasksEveryToken() {
    ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);

    assertFalse(tokens.toString().contains(tokens.accessToken()));
    assertFalse(tokens.toString().contains(tokens.refreshToken()));
    assertTrue(tokens.toString().contains(USER));
  }

  private String awaitNewToken(String old) throws InterruptedException {
    // The refresh runs on a background thread, which tells the listener once it has stored the new token.
    assertTrue(refreshes.await(1, event -> event instanceof io.github.zohooauth.event.RefreshEvent).stream()
        .anyMatch(event -> event instanceof io.github.zohooauth.event.RefreshEvent),
        "the background refresh did not finish");
    String current = store.load(USER).orElseThrow().accessToken();
    assertNotEquals(old, current);
    return client.getAccessToken(USER);
  }

  /** What a browser does: open the page, accept on the consent screen if Zoho shows one, follow the redirect. */
  private String grantCodeFromAuthorizationRedirect(String authorizationUrl) {
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() == 200) { // the consent screen: accept, posting the request back
        String form = URI.create(authorizationUrl).getRawQuery() + "&decision=accept";
        answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create(zoho.accountsUrl() + "/oauth/v2/auth"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
      }
      assertEquals(302, answer.statusCode());
      String location = answer.headers().firstValue("Location").orElseThrow();
      for (String parameter : URI.create(location).getRawQuery().split("&")) {
        if (parameter.startsWith("code=")) {
          return java.net.URLDecoder.decode(parameter.substring(5), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      throw new AssertionError("no code in " + location);
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
