package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.NewTokenRefusedException;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import io.github.zohooauth.testkit.RecordedRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ZohoApiClient} and {@link ZohoOAuthClient#refreshAccessToken} against the fake's resource APIs. */
class ApiClientTest {
  private static final String USER = "user@example.com";
  private static final String ALL_PRODUCTS = "ZohoCRM.modules.ALL,ZohoProjects.projects.ALL,Desk.tickets.ALL,ZohoBigin.modules.ALL";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;
  private ZohoApiClient api;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
    client = clientFor(zoho, clock, store).build();
    api = client.apiClient();
    client.generateAccessToken(zoho.issueGrantCode(USER, ALL_PRODUCTS, true), USER);
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
  }

  private HttpResponse<String> get(String path) {
    return api.send(USER, HttpRequest.newBuilder(api.uri(USER, path)), BodyHandlers.ofString());
  }

  private List<RecordedRequest> apiRequests() {
    return zoho.recordedRequests().stream().filter(r -> !r.path().startsWith("/oauth/")).collect(Collectors.toList());
  }

  @Test
  void aCallGoesToTheUsersApiDomainWithTheTokenInTheHeader() {
    HttpResponse<String> answer = get("/crm/v2/Leads?page=2");

    assertEquals(200, answer.statusCode());
    assertTrue(answer.body().contains("\"user\":\"" + USER + "\""), answer.body());
    RecordedRequest sent = apiRequests().get(0);
    assertEquals("/crm/v2/Leads", sent.path());
    assertEquals("Zoho-oauthtoken " + client.getAccessToken(USER), sent.header("Authorization"));
    assertEquals(zoho.apiDomain() + "/crm/v2/Leads?page=2", api.uri(USER, "/crm/v2/Leads?page=2").toString());
  }

  @Test
  void twoHundredThreadsRefusedOneTokenShareOneRefreshAndAllRecoverWithOneNewToken() throws Exception {
    String killed = client.getAccessToken(USER);
    zoho.invalidateAccessTokens(USER);
    int threads = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          return get("/crm/v2/Leads");
        }));
      }
      start.countDown();
      for (Future<HttpResponse<String>> call : calls) {
        assertEquals(200, call.get().statusCode());
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, zoho.refreshRequestCount(USER), "one refresh for every caller that reported the token");
    String replacement = client.getAccessToken(USER);
    assertNotEquals(killed, replacement);
    assertEquals(replacement, store.load(USER).orElseThrow().accessToken());
    long tokensUsed = apiRequests().stream().map(r -> r.header("Authorization")).distinct().count();
    assertEquals(2, tokensUsed, "the killed token, then one new token for all");
  }

  @Test
  void reportingATokenAlreadyReplacedHereOrByAnotherInstanceCostsNoRequest() {
    String first = client.getAccessToken(USER);
    String second = client.refreshAccessToken(USER, first);
    assertEquals(1, zoho.refreshRequestCount(USER));

    assertEquals(second, client.refreshAccessToken(USER, first), "replaced here already");
    assertEquals(1, zoho.refreshRequestCount(USER));

    clock.advance(Duration.ofMinutes(2)); // past the loop guard: "second" lived its minute
    try (ZohoOAuthClient otherInstance = clientFor(zoho, clock, store).build()) {
      assertEquals(second, otherInstance.getAccessToken(USER));
      String third = client.refreshAccessToken(USER, second);
      assertEquals(2, zoho.refreshRequestCount(USER));

      assertEquals(third, otherInstance.refreshAccessToken(USER, second), "replaced in the store already");
      assertEquals(2, zoho.refreshRequestCount(USER));
      assertEquals(third, otherInstance.getAccessToken(USER), "and cached from there");
    }
  }

  @Test
  void aSixteenthLiveTokenKillsTheCachedOneAndTheCallRecovers() {
    String cached = client.getAccessToken(USER);
    String refreshToken = store.load(USER).orElseThrow().refreshToken();
    try (ZohoOAuthClient cronJob = clientFor(zoho, clock, new InMemoryTokenPersistenceHandler()).build()) {
      for (int issued = 0; issued < 15; ) { // 15 more live tokens for the same refresh token
        try {
          cronJob.generateAccessTokenFromRefreshToken(refreshToken, USER);
          issued++;
        } catch (RateLimitedException e) {
          clock.advance(Duration.ofMinutes(11)); // Zoho's 10 per 10 minutes
        }
      }
    }
    int before = zoho.refreshRequestCount(USER);

    assertEquals(200, get("/crm/v2/Leads").statusCode());

    assertEquals(1, zoho.refreshRequestCount(USER) - before);
    assertEquals("Zoho-oauthtoken " + cached, apiRequests().get(0).header("Authorization"), "refused first");
    assertNotEquals(cached, client.getAccessToken(USER));
  }

  @Test
  void aUserRevokedByAnotherInstanceIsSeenAtTheNext401() {
    client.getAccessToken(USER); // cached here
    try (ZohoOAuthClient otherInstance = clientFor(zoho, clock, store).build()) {
      otherInstance.revokeRefreshToken(USER); // Zoho ends the tokens; the store forgets the user
    }

    assertThrows(UnknownUserException.class, () -> get("/crm/v2/Leads"));

    assertEquals(0, zoho.refreshRequestCount(USER));
    assertThrows(UnknownUserException.class, () -> client.getAccessToken(USER), "no longer served from the cache");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/crm/v2/Leads", "/projects/api/portals/", "/desk/api/v1/tickets", "/bigin/v2/Contacts"})
  void eachProductsFormOfATokenRefusalIsRecoveredFrom(String path) {
    zoho.invalidateAccessTokens(USER);

    assertEquals(200, get(path).statusCode());
    assertEquals(1, zoho.refreshRequestCount(USER));
  }

  @Test
  void aScopeRefusalIsReturnedAsItIsAndRefreshesNothing() {
    client.generateAccessToken(zoho.issueGrantCode("crm-only@example.com", "ZohoCRM.modules.ALL", true),
        "crm-only@example.com");

    HttpResponse<String> answer = api.send("crm-only@example.com",
        HttpRequest.newBuilder(api.uri("crm-only@example.com", "/projects/api/portals/")), BodyHandlers.ofString());

    assertEquals(401, answer.statusCode());
    assertTrue(answer.body().contains("INVALID_OAUTHSCOPE"), answer.body());
    assertEquals(0, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_REFRESH_TOKEN));
  }

  @Test
  void aSecond401AfterTheRefreshReachesTheCallersOwnHandlerAsItCame() {
    String crmOnly = "crm-only@example.com";
    client.generateAccessToken(zoho.issueGrantCode(crmOnly, "ZohoCRM.modules.ALL", true), crmOnly);
    zoho.invalidateAccessTokens(crmOnly); // refused as a dead token first, then for its scope

    HttpResponse<byte[]> answer = api.send(crmOnly, HttpRequest.newBuilder(api.uri(crmOnly, "/desk/api/v1/tickets")),
        BodyHandlers.ofByteArray());

    assertEquals(401, answer.statusCode());
    assertTrue(new String(answer.body(), StandardCharsets.UTF_8).contains("INVALID_OAUTHSCOPE"));
    assertEquals(1, zoho.refreshRequestCount(crmOnly));
  }

  @Test
  void aPostBodyIsSentAgainByteForByteWithTheNewToken() {
    byte[] body = "{\"data\":[{\"Last_Name\":\"Zoë ✓\"}]}".getBytes(StandardCharsets.UTF_8);
    zoho.invalidateAccessTokens(USER);

    HttpResponse<String> answer = api.send(USER, HttpRequest.newBuilder(api.uri(USER, "/crm/v2/Leads"))
        .header("Content-Type", "application/json").header("X-Request-Id", "42")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)), BodyHandlers.ofString());

    assertEquals(200, answer.statusCode());
    List<RecordedRequest> sent = apiRequests();
    assertEquals(2, sent.size());
    for (RecordedRequest request : sent) {
      assertEquals("POST", request.method());
      assertArrayEquals(body, request.body().getBytes(StandardCharsets.UTF_8));
      assertEquals("42", request.header("X-Request-Id"));
      assertEquals("application/json", request.header("Content-Type"));
    }
    assertNotEquals(sent.get(0).header("Authorization"), sent.get(1).header("Authorization"));
  }

  @Test
  void aRevokedRefreshTokenIsATypedErrorAndChangesNothingStored() {
    ZohoOAuthTokens stored = store.load(USER).orElseThrow();
    zoho.revokeRefreshToken(stored.refreshToken());

    assertThrows(RefreshTokenRevokedException.class, () -> get("/crm/v2/Leads"));

    assertEquals(stored, store.load(USER).orElseThrow());
    assertEquals(1, apiRequests().size(), "the call was not sent again");
  }

  @Test
  void whenZohoRefusesEveryNewTokenTheLoopGuardStopsRefreshingAndSaysWhy() {
    zoho.invalidateAccessTokens(USER);
    assertEquals(200, get("/crm/v2/Leads").statusCode(), "the first refusal of a token gets its refresh");
    assertEquals(1, zoho.refreshRequestCount(USER));

    zoho.invalidateAccessTokens(USER); // the new token is refused too, within the minute
    NewTokenRefusedException error = assertThrows(NewTokenRefusedException.class, () -> get("/crm/v2/Leads"));
    assertTrue(error.getMessage().contains("scope") && error.getMessage().contains("data centre"),
        error.getMessage());
    for (int i = 0; i < 50; i++) {
      assertThrows(NewTokenRefusedException.class, () -> get("/crm/v2/Leads"));
    }
    assertEquals(1, zoho.refreshRequestCount(USER), "no refresh while the loop lasts");

    clock.advance(Duration.ofSeconds(61));
    assertEquals(200, get("/crm/v2/Leads").statusCode(), "after the pause, one more refresh");
    assertEquals(2, zoho.refreshRequestCount(USER));

    zoho.invalidateAccessTokens(USER);
    assertThrows(NewTokenRefusedException.class, () -> get("/crm/v2/Leads"));
    clock.advance(Duration.ofSeconds(61));
    assertThrows(NewTokenRefusedException.class, () -> get("/crm/v2/Leads"), "the second pause is two minutes");
    clock.advance(Duration.ofSeconds(61));
    assertEquals(200, get("/crm/v2/Leads").statusCode());
    assertEquals(3, zoho.refreshRequestCount(USER));
  }

  @Test
  void aNewGrantEndsTheLoopGuard() {
    zoho.invalidateAccessTokens(USER);
    get("/crm/v2/Leads");
    zoho.invalidateAccessTokens(USER);
    assertThrows(NewTokenRefusedException.class, () -> get("/crm/v2/Leads"));

    client.generateAccessToken(zoho.issueGrantCode(USER, ALL_PRODUCTS, true), USER);
    zoho.invalidateAccessTokens(USER);

    assertEquals(200, get("/crm/v2/Leads").statusCode());
  }

  @Test
  void aStalledAnswerEndsInANetworkErrorWithinTheRequestTimeout() {
    zoho.failNext(Endpoint.API, Failure.stallAfterHeaders(Duration.ofMinutes(2)));
    ZohoNetworkException error;
    try (ZohoOAuthClient quick = clientFor(zoho, clock, store)
        .http(HttpSettings.defaults().withRequestTimeout(Duration.ofMillis(500))).build()) {
      ZohoApiClient quickApi = quick.apiClient();
      error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(ZohoNetworkException.class,
          () -> quickApi.send(USER, HttpRequest.newBuilder(quickApi.uri(USER, "/crm/v2/Leads")),
              BodyHandlers.ofString())));
    }

    assertTrue(error.getMessage().contains("http_request_timeout_ms"), error.getMessage());
    assertEquals(1, apiRequests().size(), "not sent again: it may not be safe to repeat");
  }

  @Test
  void anInterruptedCallerGetsATypedErrorAndKeepsItsInterruptFlag() throws Exception {
    Gate held = zoho.hold(Endpoint.API);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        get("/crm/v2/Leads");
      } catch (Throwable e) {
        thrown.set(e);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    assertTrue(held.awaitArrivals(1, Duration.ofSeconds(10)));
    caller.interrupt();
    caller.join(10_000);
    held.release();

    assertTrue(thrown.get() instanceof ZohoOAuthInterruptedException, String.valueOf(thrown.get()));
    assertEquals(Boolean.TRUE, flag.get());
  }
}
