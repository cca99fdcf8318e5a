package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several clients on one store, and a store that goes down. */
class SharedStoreAndOutageTest {
  private static final String USER = "user@example.com";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private FakeZohoAccountsServer zoho;

  @BeforeEach
  void start() {
    zoho = FakeZohoAccountsServer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() {
    zoho.close();
  }

  @Test
  void twoClientsSharingAStoreRefreshAnExpiredUserOnce() throws Exception {
    InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
    try (ZohoOAuthClient first = clientFor(zoho, clock, store).build();
        ZohoOAuthClient second = clientFor(zoho, clock, store).build()) {
      first.generateAccessToken(zoho.issueGrantCode(USER), USER);
      second.getAccessToken(USER); // both now hold the token in their caches
      clock.advance(Duration.ofHours(2));
      var gate = zoho.hold(Endpoint.TOKEN);

      CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> first.getAccessToken(USER));
      assertTrue(gate.awaitArrivals(1, Duration.ofSeconds(10)));
      CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> second.getAccessToken(USER));
      gate.release();

      assertEquals(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
      assertEquals(1, zoho.refreshRequestCount(USER), "the second client must find the first one's token");
    }
  }

  @Test
  void whileTheStoreIsDownCachedTokensAreStillServedAndLoadsFailClearly() {
    OutageStore store = new OutageStore();
    try (ZohoOAuthClient client = clientFor(zoho, clock, new InMemoryTokenPersistenceHandler()).tokenStore(store)
        .build()) {
      ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
      store.down = true;

      assertEquals(tokens.accessToken(), client.getAccessToken(USER));
      TokenStoreException error = assertThrows(TokenStoreException.class, () -> client.getAccessToken("other@x.com"));
      assertTrue(error.getMessage().contains("other@x.com"), error.getMessage());
      assertTrue(error.getMessage().contains("database is down"), error.getMessage());

      store.down = false;
      assertThrows(io.github.zohooauth.exception.UnknownUserException.class, () -> client.getAccessToken("other@x.com"));
    }
  }

  @Test
  void aRefreshWhoseSaveFailsIsStillUsedAndTheStoredRefreshTokenIsKept() {
    OutageStore store = new OutageStore();
    try (ZohoOAuthClient client = clientFor(zoho, clock, new InMemoryTokenPersistenceHandler()).tokenStore(store)
        .build()) {
      ZohoOAuthTokens original = client.generateAccessToken(zoho.issueGrantCode(USER), USER);
      clock.advance(Duration.ofHours(2));
      store.savesFail = true;

      String token = client.getAccessToken(USER);

      assertNotEquals(original.accessToken(), token);
      assertEquals(token, client.getAccessToken(USER));
      assertEquals(original, store.delegate.load(USER).orElseThrow(), "the failed save left the old tokens");
      assertEquals(1, zoho.refreshRequestCount(USER));
    }
  }

  /** A store that can be switched off, as a database that goes down would be; it relies on the SPI defaults. */
  private static final class OutageStore implements TokenPersistenceHandler {
    final InMemoryTokenPersistenceHandler delegate = new InMemoryTokenPersistenceHandler();
    volatile boolean down;
    volatile boolean savesFail;

    @Override
    public Optional<ZohoOAuthTokens> load(String userIdentifier) {
      check(down);
      return delegate.load(userIdentifier);
    }

    @Override
    public void save(ZohoOAuthTokens tokens) {
      check(down || savesFail);
      delegate.save(tokens);
    }

    @Override
    public void delete(String userIdentifier) {
      check(down);
      delegate.delete(userIdentifier);
    }

    private static void check(boolean failing) {
      if (failing) {
        throw new IllegalStateException("database is down");
      }
    }
  }
}
