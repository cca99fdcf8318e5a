package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.MissingOrgInfoException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Failure;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Self Client's token for an organisation: got, stored, used and replaced with Zoho's client-credentials grant. */
class ClientCredentialsTest {
  private static final String SOID = "ZohoCRM.600000434";
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
    client = clientFor(zoho, clock, store).build();
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
  }

  @Test
  void theTokenIsStoredUnderTheSoidWithItsScopesAndNoRefreshTokenAndWorksOnTheApi() throws Exception {
    ZohoOAuthTokens tokens = client.generateAccessTokenFromClientCredentials(SOID, "ZohoCRM.modules.ALL");

    assertEquals(SOID, tokens.userIdentifier());
    assertNull(tokens.refreshToken());
    assertEquals(tokens, store.load(SOID).orElseThrow());
    assertTrue(tokens.scope().contains("ZohoCRM.modules.ALL"), tokens.scope());
    assertEquals(tokens.accessToken(), client.getAccessToken(SOID));
    ZohoApiClient api = client.apiClient();
    assertEquals(200, api.send(SOID, HttpRequest.newBuilder(api.uri(SOID, "/crm/v8/Leads")), BodyHandlers.ofString())
        .statusCode());
    assertTrue(zoho.recordedRequests().get(0).body().contains("soid=ZohoCRM.600000434"),
        "soid and scope go in the form body");
  }

  @Test
  void twoHundredThreadsOnAnExpiredOrganisationTokenSendOneClientCredentialsRequest() throws Exception {
    String first = client.generateAccessTokenFromClientCredentials(SOID, "ZohoCRM.modules.ALL").accessToken();
    clock.advance(Duration.ofHours(2));
    zoho.latency(Endpoint.TOKEN, Duration.ofMillis(200));
    ExecutorService pool = Executors.newFixedThreadPool(200);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(pool.submit(() -> {
        go.await();
        return client.getAccessToken(SOID);
      }));
    }
    go.countDown();
    Set<String> tokens = new HashSet<>();
    for (Future<String> call : calls) {
      tokens.add(call.get(30, TimeUnit.SECONDS));
    }
    pool.shutdownNow();

    assertEquals(2, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_CLIENT_CREDENTIALS), "the first and one more");
    assertEquals(1, tokens.size());
    assertNotEquals(first, tokens.iterator().next());
    assertNull(store.load(SOID).orElseThrow().refreshToken());
  }

  @Test
  void zohosMissingOrgInfoIsATypedErrorAndNothingIsStored() {
    zoho.failNext(Endpoint.TOKEN, Failure.zohoError("missing_org_info"));

    MissingOrgInfoException refused = assertThrows(MissingOrgInfoException.class,
        () -> client.generateAccessTokenFromClientCredentials(SOID, "ZohoCRM.modules.ALL"));

    assertTrue(refused.getMessage().contains(SOID) && refused.getMessage().contains("ZohoCRM.600000434"),
        refused.getMessage());
    assertThrows(UnknownUserException.class, () -> client.getAccessToken(SOID));
  }

  @Test
  void aSoidThatIsNotAServiceAndAnOrgIdOrNoScopeIsRefusedBeforeAnythingIsSent() {
    IllegalArgumentException email = assertThrows(IllegalArgumentException.class,
        () -> client.generateAccessTokenFromClientCredentials("jane@example.com", "ZohoCRM.modules.ALL"));
    IllegalArgumentException noScope = assertThrows(IllegalArgumentException.class,
        () -> client.generateAccessTokenFromClientCredentials(SOID));

    assertTrue(email.getMessage().contains("ZohoCRM.600000434"), email.getMessage());
    assertTrue(noScope.getMessage().contains("scope"), noScope.getMessage());
    assertEquals(0, zoho.requestCount(Endpoint.TOKEN));
  }
}
