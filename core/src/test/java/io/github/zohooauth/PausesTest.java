package io.github.zohooauth;

import static io.github.zohooauth.ClientFixture.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.GrantNotStoredException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pauses the client makes on a caller's thread (between a failing grant save's attempts, a busy user's rekey
 * attempts, retries of a call to Zoho), through an injected {@link Sleeper} that records them and returns at once.
 */
class PausesTest {
  private static final String USER = "jane@example.com";
  private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock).start();
  private final List<Long> slept = new CopyOnWriteArrayList<>();
  private final Sleeper recording = slept::add;

  @AfterEach
  void stop() {
    zoho.close();
  }

  /** The in-memory store's behaviour under another class, so the client encrypts over it. */
  static class Delegating implements TokenPersistenceHandler {
    final InMemoryTokenPersistenceHandler tokens = new InMemoryTokenPersistenceHandler();
    volatile boolean failSaves;

    @Override
    public Optional<ZohoOAuthTokens> load(String userIdentifier) {
      return tokens.load(userIdentifier);
    }

    @Override
    public void save(ZohoOAuthTokens newTokens) {
      if (failSaves) {
        throw new IllegalStateException("disk full");
      }
      tokens.save(newTokens);
    }

    @Override
    public void delete(String userIdentifier) {
      tokens.delete(userIdentifier);
    }

    @Override
    public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
      return tokens.replace(expected, replacement);
    }

    @Override
    public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
      return tokens.tryLeaseRefresh(userIdentifier, leaseTime);
    }

    @Override
    public List<String> userIdentifiers() {
      return tokens.userIdentifiers();
    }
  }

  @Test
  void aGrantWhoseSaveKeepsFailingIsTriedThreeTimesAFourthAndAHalfSecondApartThenItsTokenIsRevoked() {
    Delegating store = new Delegating();
    store.failSaves = true;
    try (ZohoOAuthClient client = clientFor(zoho, clock, store).sleeper(recording).build()) {
      GrantNotStoredException e = assertThrows(GrantNotStoredException.class,
          () -> client.generateAccessToken(zoho.issueGrantCode(USER), USER));

      assertEquals(List.of(250L, 500L), slept, "the pauses between the three attempts");
      assertTrue(e.refreshTokenRevoked(), e.getMessage());
      assertEquals(0, zoho.liveRefreshTokens(USER));
    }
  }

  @Test
  void aUserWhoseLeaseAnotherHolderKeepsIsTriedThreeTimesThenReportedAndNothingIsWritten() {
    Delegating store = new Delegating();
    try (ZohoOAuthClient client = clientFor(zoho, clock, store).tokenEncryptionKey(KEY).sleeper(recording).build()) {
      client.generateAccessToken(zoho.issueGrantCode(USER), USER);
    }
    ZohoOAuthTokens before = store.load(USER).orElseThrow();
    try (RefreshLease held = store.tryLeaseRefresh(USER, Duration.ofMinutes(1)).orElseThrow();
        ZohoOAuthClient rekeying = clientFor(zoho, clock, store)
            .tokenEncryptionKey(java.util.Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                29, 30, 31, 32}))
            .tokenEncryptionOldKeys(KEY).sleeper(recording).build()) {
      RekeyReport report = rekeying.rekeyStoredTokens();

      assertEquals(List.of(USER), List.copyOf(report.failures().keySet()), report.toString());
      assertEquals(List.of(200L, 200L), slept, "tried three times, 200 ms apart");
      assertEquals(before, store.load(USER).orElseThrow(), "nothing written");
    }
  }

  @Test
  void aRefreshThatGetsNoAnswerIsRetriedAfterGrowingPauses() {
    try (ZohoOAuthClient client = clientFor(zoho, clock, new InMemoryTokenPersistenceHandler()).sleeper(recording)
        .build()) {
      client.generateAccessToken(zoho.issueGrantCode(USER), USER);
      clock.advance(Duration.ofHours(2));
      zoho.failNext(Endpoint.TOKEN, Failure.respond(503, "text/html", "<h1>busy</h1>"));
      zoho.failNext(Endpoint.TOKEN, Failure.respond(503, "text/html", "<h1>busy</h1>"));

      client.getAccessToken(USER);

      assertEquals(2, slept.size(), "two retries: " + slept);
      assertTrue(slept.get(1) >= slept.get(0) / 2 && slept.get(1) <= 20, "backoff with jitter: " + slept);
      assertEquals(3, zoho.refreshRequestCount(USER));
    }
  }
}
