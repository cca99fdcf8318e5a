package io.github.zohooauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client reads from Zoho is bounded: in time, body included and retries included, and in size. */
class AnswerBoundsTest {
  private static final String USER = "user@example.com";
  /** Far above the bound under test; reaching it means the bound failed. */
  private static final Duration HANG = Duration.ofSeconds(30);

  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.start();
    client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .accountsUrl(zoho.accountsUrl()).tokenStore(store)
        .http(HttpSettings.defaults().withRequestTimeout(Duration.ofMillis(500)).withMaxRetries(2)
            .withRetryBaseDelay(Duration.ofMillis(5)))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersEndsInANetworkErrorNamingTheSetting() {
    for (int i = 0; i < 3; i++) {
      zoho.failNext(Endpoint.TOKEN, Failure.stallAfterHeaders(Duration.ofMinutes(2)));
    }
    String refreshToken = zoho.issueRefreshToken(USER);

    ZohoNetworkException error = assertTimeoutPreemptively(HANG, () -> assertThrows(ZohoNetworkException.class,
        () -> client.generateAccessTokenFromRefreshToken(refreshToken, USER)));

    assertTrue(error.getMessage().contains("http_request_timeout_ms"), error.getMessage());
    assertTrue(error.getMessage().contains("3 attempts"), error.getMessage());
  }

  @Test
  void anAnswerTrickledAByteAtATimeEndsInANetworkError() {
    for (int i = 0; i < 3; i++) {
      zoho.failNext(Endpoint.TOKEN, Failure.trickle(400, Duration.ofMillis(50)));
    }
    String refreshToken = zoho.issueRefreshToken(USER);

    assertTimeoutPreemptively(HANG, () -> assertThrows(ZohoNetworkException.class,
        () -> client.generateAccessTokenFromRefreshToken(refreshToken, USER)));
  }

  @Test
  void aStalledRefreshFailsTheWaitingCallerAndLeavesTheStoredTokensAlone() {
    ZohoOAuthTokens expired = ZohoOAuthTokens.builder().userIdentifier(USER).accessToken("1000.old")
        .refreshToken(zoho.issueRefreshToken(USER)).expiresAt(Instant.now().minusSeconds(60)).build();
    store.save(expired);
    for (int i = 0; i < 3; i++) {
      zoho.failNext(Endpoint.TOKEN, Failure.stallAfterHeaders(Duration.ofMinutes(2)));
    }

    assertTimeoutPreemptively(HANG, () -> assertThrows(ZohoNetworkException.class,
        () -> client.getAccessToken(USER)));

    assertEquals(expired, store.load(USER).orElseThrow());
  }

  @Test
  void anAnswerFarLargerThanAnyOfZohosIsRefusedWithoutReadingIt() {
    zoho.failNext(Endpoint.TOKEN, Failure.hugeBody(300L * 1024 * 1024));
    String refreshToken = zoho.issueRefreshToken(USER);

    ZohoErrorResponseException error = assertTimeoutPreemptively(HANG, () -> assertThrows(
        ZohoErrorResponseException.class, () -> client.generateAccessTokenFromRefreshToken(refreshToken, USER)));

    assertTrue(error.getMessage().contains("larger than"), error.getMessage());
    assertEquals(1, zoho.requestCount(Endpoint.TOKEN), "an over-size answer is not asked for again");
  }
}
