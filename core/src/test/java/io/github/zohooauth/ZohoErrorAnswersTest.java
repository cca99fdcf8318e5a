package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.InvalidClientException;
import io.github.zohooauth.exception.InvalidClientSecretException;
import io.github.zohooauth.exception.InvalidGrantCodeException;
import io.github.zohooauth.exception.InvalidRedirectUriException;
import io.github.zohooauth.exception.RateLimitedException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of Zoho's error answers, and each way an answer can fail to come, as a caller sees it. */
class ZohoErrorAnswersTest {
  private static final String USER = "user@example.com";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;
  private ZohoOAuthTokens stored;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).rateLimit(3, Duration.ofMinutes(10)).start();
    client = clientFor(zoho, clock, store)
        .http(HttpSettings.defaults().withRetryBaseDelay(Duration.ofMillis(5))
            .withRequestTimeout(Duration.ofMillis(500)))
        .build();
    stored = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    clock.advance(Duration.ofHours(2)); // every getAccessToken below must refresh
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
  }

  static Stream<Arguments> refreshFailures() {
    return Stream.of(
        Arguments.of("revoked refresh token", Failure.zohoError("invalid_code"), RefreshTokenRevokedException.class,
            "Authorize this user again", 1),
        Arguments.of("unknown client", Failure.zohoError("invalid_client"), InvalidClientException.class,
            "client_id", 1),
        Arguments.of("wrong secret", Failure.zohoError("invalid_client_secret"), InvalidClientSecretException.class,
            "client_secret", 1),
        Arguments.of("rate limit, HTTP 400, English", rateLimit(400, false), RateLimitedException.class,
            "10 access tokens", 1),
        Arguments.of("rate limit, HTTP 200, localised", rateLimit(200, true), RateLimitedException.class,
            "10 access tokens", 1),
        Arguments.of("undocumented error", Failure.zohoError("general_error"), ZohoErrorResponseException.class,
            "general_error", 1),
        Arguments.of("HTML page with 200", Failure.htmlPage(200), ZohoErrorResponseException.class, "HTML page", 1),
        Arguments.of("truncated JSON", Failure.truncatedJson(), ZohoErrorResponseException.class, "cut off", 1),
        Arguments.of("empty 200", Failure.respond(200, "application/json", ""), ZohoErrorResponseException.class,
            "empty body", 1),
        Arguments.of("access_token not a string", answer("\"access_token\":true,\"expires_in\":3600"),
            ZohoErrorResponseException.class, "access_token", 1),
        Arguments.of("expires_in not a number", answer("\"access_token\":\"1000.x\",\"expires_in\":\"abc\""),
            ZohoErrorResponseException.class, "expires_in", 1),
        Arguments.of("expires_in negative", answer("\"access_token\":\"1000.x\",\"expires_in\":-3600"),
            ZohoErrorResponseException.class, "expires_in", 1),
        Arguments.of("expires_in_sec overflowing", answer("\"access_token\":\"1000.x\",\"expires_in_sec\":"
            + Long.MAX_VALUE), ZohoErrorResponseException.class, "expires_in", 1),
        Arguments.of("lifetime inside the expiry margin", answer("\"access_token\":\"1000.x\",\"expires_in\":30"),
            ZohoErrorResponseException.class, "expiry_margin_seconds", 1),
        Arguments.of("api_domain not Zoho's", answer("\"access_token\":\"1000.x\",\"expires_in\":3600,"
            + "\"api_domain\":\"https://evil.example\""), ZohoErrorResponseException.class, "api_domain_allowlist", 1));
  }

  /** A 200 answer with these JSON members. */
  private static Failure answer(String members) {
    return Failure.respond(200, "application/json", "{" + members + "}");
  }

  private static Failure rateLimit(int status, boolean localised) {
    String json = localised
        ? "{\"error_description\":\"您连续发出的请求过多。\",\"error\":\"拒绝访问\",\"status\":\"failure\"}"
        : "{\"error_description\":\"You have made too many requests continuously. Please try again after some "
            + "time.\",\"error\":\"Access Denied\",\"status\":\"failure\"}";
    return Failure.respond(status, "application/json", json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refreshFailures")
  void refreshFailureIsTypedNamesUserAndFixAndLeavesStoredTokensAlone(String name, Failure failure,
      Class<? extends ZohoOAuthException> expected, String fixHint, int requests) {
    zoho.failNext(Endpoint.TOKEN, failure);
    int before = zoho.requestCount(Endpoint.TOKEN);

    ZohoOAuthException error = assertThrows(expected, () -> client.getAccessToken(USER));

    assertEquals(expected, error.getClass());
    assertTrue(error.getMessage().contains(USER), error.getMessage());
    assertTrue(error.getMessage().contains(fixHint), error.getMessage());
    assertEquals(USER, error.userIdentifier());
    assertNoSecretIn(error);
    assertEquals(stored, store.load(USER).orElseThrow(), "stored tokens must be left as they were");
    assertEquals(requests, zoho.requestCount(Endpoint.TOKEN) - before, "requests sent");
  }

  static Stream<Arguments> userInfoNonsense() {
    return Stream.of(
        Arguments.of("an Email that is a number", "{\"Email\":12345}"),
        Arguments.of("an Email that is an object", "{\"Email\":{\"a\":1}}"),
        Arguments.of("an Email with a trailing space", "{\"Email\":\"new@example.com \"}"));
  }

  /** The email names the user's stored tokens: one Zoho cannot have sent is refused before anything is stored. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("userInfoNonsense")
  void aUserInfoAnswerWithNonsenseForTheEmailIsTypedAndStoresNothing(String name, String body) {
    zoho.failNext(Endpoint.USER_INFO, Failure.respond(200, "application/json", body));
    String grant = zoho.issueGrantCode("new@example.com");

    ZohoErrorResponseException error = assertThrows(ZohoErrorResponseException.class,
        () -> client.generateAccessToken(grant));

    assertTrue(error.getMessage().contains("Email"), error.getMessage());
    assertEquals(List.of(USER), store.userIdentifiers());
  }

  @Test
  void zohosOwnRateLimitIsReportedAndNotRetried() {
    client.close();
    zoho.close();
    zoho = FakeZohoAccountsServer.builder().clock(clock).rateLimit(1, Duration.ofHours(2)).start();
    client = clientFor(zoho, clock, store).build();
    stored = client.generateAccessToken(zoho.issueGrantCode(USER), USER); // the window's one token
    clock.advance(Duration.ofMinutes(59).plusSeconds(30));

    assertThrows(RateLimitedException.class, () -> client.getAccessToken(USER));

    assertEquals(1, zoho.refreshRequestCount(USER));
    assertEquals(stored, store.load(USER).orElseThrow());
  }

  @Test
  void afterAFailedRefreshCallersGetTheErrorAtOnceUntilTheBackoffEnds() {
    zoho.failNext(Endpoint.TOKEN, Failure.zohoError("invalid_client"));
    assertThrows(InvalidClientException.class, () -> client.getAccessToken(USER));

    for (int i = 0; i < 100; i++) {
      assertThrows(InvalidClientException.class, () -> client.getAccessToken(USER));
    }
    assertEquals(1, zoho.refreshRequestCount(USER), "no request during the backoff");

    clock.advance(Duration.ofSeconds(6));
    String token = client.getAccessToken(USER);
    assertEquals(token, store.load(USER).orElseThrow().accessToken());
    assertEquals(2, zoho.refreshRequestCount(USER));
  }

  @Test
  void serverErrorOnRefreshIsRetriedAndThenSucceeds() {
    zoho.failNext(Endpoint.TOKEN, Failure.htmlPage(503));
    zoho.failNext(Endpoint.TOKEN, Failure.dropConnection());

    String token = client.getAccessToken(USER);

    assertEquals(token, store.load(USER).orElseThrow().accessToken());
    assertEquals(3, zoho.refreshRequestCount(USER));
  }

  @Test
  void refreshThatGetsNoAnswerAfterEveryRetryIsANetworkErrorAndChangesNothing() {
    for (int i = 0; i < 3; i++) {
      zoho.failNext(Endpoint.TOKEN, Failure.dropConnection());
    }
    int before = zoho.requestCount(Endpoint.TOKEN);

    ZohoNetworkException error = assertThrows(ZohoNetworkException.class, () -> client.getAccessToken(USER));

    assertTrue(error.getMessage().contains("3 attempts"), error.getMessage());
    assertEquals(3, zoho.requestCount(Endpoint.TOKEN) - before);
    assertEquals(stored, store.load(USER).orElseThrow());
    assertNoSecretIn(error);
  }

  @Test
  void slowAnswerTimesOutWithAMessageThatSaysSo() {
    for (int i = 0; i < 3; i++) {
      zoho.failNext(Endpoint.TOKEN, Failure.delay(Duration.ofSeconds(2)));
    }

    ZohoNetworkException error = assertThrows(ZohoNetworkException.class, () -> client.getAccessToken(USER));

    assertTrue(error.getMessage().contains("request timeout"), error.getMessage());
    assertEquals(stored, store.load(USER).orElseThrow());
  }

  @Test
  void deadServerIsANetworkErrorNamingTheServer() {
    String url = zoho.accountsUrl();
    zoho.close();

    ZohoNetworkException error = assertThrows(ZohoNetworkException.class, () -> client.getAccessToken(USER));

    assertTrue(error.getMessage().contains(url), error.getMessage());
    assertEquals(stored, store.load(USER).orElseThrow());
  }

  @Test
  void expiredGrantCodeSaysGenerateANewOne() {
    String code = zoho.issueGrantCode("new@example.com");
    clock.advance(Duration.ofMinutes(3));

    InvalidGrantCodeException error = assertThrows(InvalidGrantCodeException.class,
        () -> client.generateAccessToken(code));

    assertTrue(error.getMessage().contains("Generate a new grant code"), error.getMessage());
    assertFalse(store.load("new@example.com").isPresent());
  }

  @Test
  void reusedGrantCodeIsRejectedAndTheFirstUsersTokensStay() {
    String code = zoho.issueGrantCode("new@example.com");
    ZohoOAuthTokens first = client.generateAccessToken(code);

    assertThrows(InvalidGrantCodeException.class, () -> client.generateAccessToken(code));

    assertEquals(first, store.load("new@example.com").orElseThrow());
  }

  @Test
  void grantExchangeIsNotRetriedOnceSent() {
    zoho.failNext(Endpoint.TOKEN, Failure.dropConnection());
    int before = zoho.requestCount(Endpoint.TOKEN);

    assertThrows(ZohoNetworkException.class, () -> client.generateAccessToken(zoho.issueGrantCode("x@example.com")));

    assertEquals(1, zoho.requestCount(Endpoint.TOKEN) - before, "a grant code is single use: no blind retry");
  }

  @Test
  void wrongRedirectUriAndWrongClientAreNamed() {
    try (ZohoOAuthClient wrongRedirect = clientFor(zoho, clock, store).redirectUri("https://elsewhere/cb").build()) {
      assertThrows(InvalidRedirectUriException.class,
          () -> wrongRedirect.generateAccessToken(zoho.issueGrantCode("x@example.com")));
    }
    try (ZohoOAuthClient wrongClient = clientFor(zoho, clock, store).clientId("1000.OTHER").build()) {
      InvalidClientException error = assertThrows(InvalidClientException.class,
          () -> wrongClient.generateAccessToken(zoho.issueGrantCode("x@example.com")));
      assertTrue(error.getMessage().contains("data centre"), error.getMessage());
    }
    try (ZohoOAuthClient wrongSecret = clientFor(zoho, clock, store).clientSecret("nope").build()) {
      assertThrows(InvalidClientSecretException.class,
          () -> wrongSecret.generateAccessTokenFromRefreshToken(stored.refreshToken(), USER));
    }
    assertEquals(stored, store.load(USER).orElseThrow());
  }

  private void assertNoSecretIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      assertFalse(message.contains(zoho.clientSecret()), "secret in: " + message);
      assertFalse(message.contains(stored.refreshToken()), "refresh token in: " + message);
      assertFalse(message.contains(stored.accessToken()), "access token in: " + message);
    }
  }
}
