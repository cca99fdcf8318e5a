package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.UntrustedDestinationException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the client does with what it did not decide: a server or domain planted in the store, a caller's URL, the
 * refresh tokens it replaces at Zoho, identifiers that print as nothing. The attacker's host is a second fake on
 * loopback that records every request it gets: it must get none.
 */
class TrustBoundariesTest {
  private static final String USER = "user@example.com";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private FakeZohoAccountsServer attacker;
  private ZohoOAuthClient client;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
    attacker = FakeZohoAccountsServer.builder().clock(clock).start();
    client = clientFor(zoho, clock, store).build();
    client.generateAccessToken(zoho.issueGrantCode(USER), USER);
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
    attacker.close();
  }

  /** The user's row as someone with write access to the store but no key would leave it. */
  private ZohoOAuthTokens plant(ZohoOAuthTokens.Builder edit) {
    ZohoOAuthTokens planted = edit.build();
    store.save(planted);
    return planted;
  }

  /** A fresh client over the same store, so nothing planted is hidden by an earlier client's cache. */
  private ZohoOAuthClient freshClient() {
    client.close();
    client = clientFor(zoho, clock, store).build();
    return client;
  }

  @Test
  void aPlantedAccountsServerGetsNeitherTheSecretNorTheRefreshTokenAndTheStoredTokensStay() {
    ZohoOAuthTokens planted = plant(store.load(USER).orElseThrow().toBuilder()
        .accountsServer(attacker.accountsUrl()));
    clock.advance(Duration.ofHours(2)); // expired: the next call must refresh
    ZohoOAuthClient victim = freshClient();

    UntrustedDestinationException refresh = assertThrows(UntrustedDestinationException.class,
        () -> victim.getAccessToken(USER));
    UntrustedDestinationException revoke = assertThrows(UntrustedDestinationException.class,
        () -> victim.revokeRefreshToken(USER));

    assertEquals(0, attacker.recordedRequests().size(), "nothing reached the planted server");
    assertEquals(0, zoho.refreshRequestCount(USER));
    assertEquals(planted, store.load(USER).orElseThrow(), "the stored tokens were left alone");
    for (UntrustedDestinationException e : List.of(refresh, revoke)) {
      assertEquals(USER, e.userIdentifier());
      assertTrue(e.getMessage().contains(attacker.accountsUrl()), "names the stored value: " + e.getMessage());
      assertTrue(e.getMessage().contains("authorize the user again"), "says the fix: " + e.getMessage());
      assertFalse(e.getMessage().contains(planted.refreshToken()), e.getMessage());
    }
  }

  @Test
  void aPlantedServerWithAPasswordOrInPlainHttpIsRefusedAndNeverQuotedWithItsPassword() {
    plant(store.load(USER).orElseThrow().toBuilder().accountsServer("http://admin:hunter2@203.0.113.9"));
    clock.advance(Duration.ofHours(2));

    UntrustedDestinationException e = assertThrows(UntrustedDestinationException.class,
        () -> freshClient().getAccessToken(USER));

    assertTrue(e.getMessage().contains("'http://203.0.113.9'"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void aPlantedApiDomainGetsNoToken() {
    plant(store.load(USER).orElseThrow().toBuilder().apiDomain("https://collector.example"));
    ZohoApiClient api = freshClient().apiClient();

    UntrustedDestinationException e = assertThrows(UntrustedDestinationException.class,
        () -> api.uri(USER, "/crm/v2/Leads"));
    assertThrows(UntrustedDestinationException.class, () -> api.send(USER,
        HttpRequest.newBuilder(URI.create("https://collector.example/crm/v2/Leads")), BodyHandlers.ofString()));
    assertTrue(e.getMessage().contains("api_domain_allowlist"), e.getMessage());
  }

  @Test
  void theApiClientRefusesAForeignHostBeforeSendingOrRefreshing() throws Exception {
    ZohoApiClient api = client.apiClient();
    String foreign = attacker.apiDomain() + "/crm/v2/Leads";
    zoho.invalidateAccessTokens(USER); // the attacker's 401 must not be what spends a refresh either

    UntrustedDestinationException sync = assertThrows(UntrustedDestinationException.class,
        () -> api.send(USER, HttpRequest.newBuilder(URI.create(foreign)), BodyHandlers.ofString()));
    CompletableFuture<?> async = api.sendAsync(USER, HttpRequest.newBuilder(URI.create(foreign)),
        BodyHandlers.ofString());
    ExecutionException failed = assertThrows(ExecutionException.class, () -> async.get(5, TimeUnit.SECONDS));
    assertThrows(UntrustedDestinationException.class,
        () -> api.send(USER, HttpRequest.newBuilder(URI.create("https://www.zohoapis.com.evil.example/crm")),
            BodyHandlers.ofString()));

    assertTrue(failed.getCause() instanceof UntrustedDestinationException, String.valueOf(failed.getCause()));
    assertEquals(0, attacker.recordedRequests().size(), "no token reached the foreign host");
    assertEquals(0, zoho.refreshRequestCount(USER), "no refresh was spent");
    assertTrue(sync.getMessage().contains("api_domain_allowlist"), sync.getMessage());
    assertEquals(URI.create(foreign).getHost(), sync.destination());
    // the user's own API domain still works, and recovers from the killed token
    assertEquals(200, api.send(USER, HttpRequest.newBuilder(api.uri(USER, "/crm/v2/Leads")),
        BodyHandlers.ofString()).statusCode());
  }

  @Test
  void twentyTwoSignInsLeaveOneRefreshTokenAliveAtZoho() {
    String first = store.load(USER).orElseThrow().refreshToken();
    for (int i = 0; i < 21; i++) {
      client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    }

    assertEquals(1, zoho.liveRefreshTokens(USER), "each replaced refresh token was revoked");
    String stored = store.load(USER).orElseThrow().refreshToken();
    assertTrue(zoho.isAlive(stored));
    assertFalse(zoho.isAlive(first), "a restored backup's token is dead");
  }

  @Test
  void anOlderEntryRestoredIntoTheStoreCannotRefreshOnceTheUserSignedInAgain() {
    ZohoOAuthTokens backup = store.load(USER).orElseThrow();
    client.generateAccessToken(zoho.issueGrantCode(USER), USER); // the user signs in again
    store.save(backup); // a rollback
    clock.advance(Duration.ofHours(2));

    assertThrows(io.github.zohooauth.exception.RefreshTokenRevokedException.class,
        () -> freshClient().getAccessToken(USER));
    assertFalse(zoho.isAlive(backup.refreshToken()), "the restored refresh token was revoked at the sign-in");
  }

  @Test
  void aRefreshTokenGivenByHandOrImportedRevokesTheOneItReplaces() {
    String granted = store.load(USER).orElseThrow().refreshToken();
    String elsewhere = zoho.issueRefreshToken(USER);
    client.generateAccessTokenFromRefreshToken(elsewhere, USER);
    assertFalse(zoho.isAlive(granted));
    assertTrue(zoho.isAlive(elsewhere));

    String imported = zoho.issueRefreshToken(USER);
    client.importTokens(ZohoOAuthTokens.builder().userIdentifier(USER).refreshToken(imported)
        .accessToken("1000.imported").expiresAt(clock.instant()).build());
    assertFalse(zoho.isAlive(elsewhere));
    assertTrue(zoho.isAlive(imported));

    client.generateAccessTokenFromRefreshToken(imported, USER); // the same token again: nothing to revoke
    assertTrue(zoho.isAlive(imported));
  }

  @Test
  void aFailedRevokeOfTheReplacedTokenIsHeardAndNeverFailsTheGrant() throws Exception {
    TokenEventsTest.Recorder heard = new TokenEventsTest.Recorder();
    client.close();
    client = clientFor(zoho, clock, store).eventListener(heard).build();
    String old = store.load(USER).orElseThrow().refreshToken();
    zoho.failNext(Endpoint.REVOKE, Failure.respond(500, "text/html", "<h1>down</h1>"));

    ZohoOAuthTokens granted = client.generateAccessToken(zoho.issueGrantCode(USER), USER);

    assertEquals(granted, store.load(USER).orElseThrow(), "the grant is stored");
    assertNotEquals(old, granted.refreshToken());
    assertEquals(List.of("not revoked " + USER), heard.await(1));
  }

  @Test
  void aGrantWhoseAnswerIsExpiredOnArrivalLeavesNoRefreshTokenAlive() {
    try (FakeZohoAccountsServer shortLived = FakeZohoAccountsServer.builder().clock(clock)
        .accessTokenLifetime(Duration.ofSeconds(30)).start();
        ZohoOAuthClient shortClient = clientFor(shortLived, clock, new InMemoryTokenPersistenceHandler()).build()) {
      assertThrows(io.github.zohooauth.exception.ZohoErrorResponseException.class,
          () -> shortClient.generateAccessToken(shortLived.issueGrantCode(USER), USER));

      assertEquals(0, shortLived.liveRefreshTokens(USER), "the refresh token of a grant that went no further");
    }
  }

  @Test
  void unpairedSurrogatesAndInvisibleCharactersOutsideTheBasicPlaneAreRefusedAndOtherUnicodeIsNot() {
    IllegalArgumentException unpaired = assertThrows(IllegalArgumentException.class,
        () -> client.getAccessToken("a\ud800b@example.com"));
    assertTrue(unpaired.getMessage().contains("unpaired"), unpaired.getMessage());
    IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
        () -> client.getAccessToken("a\udb40\udc01b@example.com")); // U+E0001, a format character
    assertTrue(tag.getMessage().contains("U+E0001"), tag.getMessage());
    String unicode = "\ud835\udc9c.\u00fcn\u00efc\u00f8d\u00e9@\u4f8b\u3048.jp"; // a mathematical A, accents, CJK
    assertEquals(unicode, client.generateAccessToken(zoho.issueGrantCode(unicode), unicode).userIdentifier());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0001", "a\u0000b@example.com", "user@example.com\u200b", "a\u202eb@example.com",
      "a\nb@example.com", "a\u2028b"})
  void identifiersWithControlOrFormatCharactersAreRefusedBeforeZohoIsAsked(String identifier) {
    String code = zoho.issueGrantCode("other@example.com");
    int tokenRequests = zoho.requestCount(Endpoint.TOKEN);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.generateAccessToken(code, identifier));
    assertThrows(IllegalArgumentException.class,
        () -> client.generateAccessTokenFromRefreshToken(zoho.issueRefreshToken("x@example.com"), identifier));

    assertEquals(tokenRequests, zoho.requestCount(Endpoint.TOKEN), "no grant code was spent");
    assertTrue(e.getMessage().contains("control or format character"), e.getMessage());
    assertEquals("other@example.com", client.generateAccessToken(code, "other@example.com").userIdentifier(),
        "the grant code is still good");
  }
}
