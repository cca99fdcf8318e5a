package io.github.zohooauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.exception.DeviceAuthorizationDeniedException;
import io.github.zohooauth.exception.DeviceAuthorizationExpiredException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Zoho's device flow against the fake at a 1-second interval: start, poll, and every ending. The waits between polls
 * move a fake clock that the fake, the client's ticker and its pauses share, so no test sleeps through them.
 */
class DeviceFlowTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private FakeZohoAccountsServer other;
  private ZohoOAuthClient client;

  private ZohoOAuthClient start(FakeZohoAccountsServer.Builder fake) {
    zoho = fake.clock(clock).deviceInterval(Duration.ofSeconds(1)).start();
    client = ClientFixture.clientFor(zoho, clock, store).scope("ZohoCRM.modules.ALL,AaaServer.profile.READ")
        .sleeper(millis -> clock.advance(Duration.ofMillis(millis))).build();
    return client;
  }

  @AfterEach
  void stop() {
    client.close();
    zoho.close();
    if (other != null) {
      other.close();
    }
  }

  @Test
  void approvedAfterAPendingPollTheTokensAreStoredUnderTheUsersEmailWithNoSlowDown() throws Exception {
    start(FakeZohoAccountsServer.builder());
    Gate first = zoho.hold(Endpoint.DEVICE_TOKEN);
    DeviceAuthorization authorization = client.startDeviceAuthorization();

    assertEquals(Duration.ofSeconds(1), authorization.interval(), "Zoho's 1000 (ms) read as a second");
    assertEquals(Duration.ofMinutes(5), authorization.expiresIn());
    assertTrue(authorization.verificationUrl().startsWith(zoho.accountsUrl()), authorization.verificationUrl());
    assertTrue(authorization.verificationUrlComplete().orElseThrow().contains(authorization.userCode()));
    assertFalse(authorization.toString().contains("1004."), "the device code stays out: " + authorization);

    CompletableFuture<ZohoOAuthTokens> done = CompletableFuture.supplyAsync(
        () -> client.completeDeviceAuthorization(authorization));
    assertTrue(first.awaitArrivals(1, BOUND));
    Gate second = zoho.hold(Endpoint.DEVICE_TOKEN); // lets the first poll through: authorization_pending
    assertTrue(second.awaitArrivals(1, BOUND));
    zoho.approveDevice(authorization.userCode(), "device@example.com");
    second.release();
    ZohoOAuthTokens tokens = done.get(BOUND.toSeconds(), TimeUnit.SECONDS);

    assertEquals("device@example.com", tokens.userIdentifier());
    assertNotNull(tokens.refreshToken(), "offline by default");
    assertEquals(tokens, store.load("device@example.com").orElseThrow());
    assertEquals(2, zoho.requestCount(Endpoint.DEVICE_TOKEN));
    assertEquals(0, zoho.deviceSlowDowns());
  }

  @Test
  void aDenialIsATypedErrorAndNothingIsStored() {
    start(FakeZohoAccountsServer.builder());
    DeviceAuthorization authorization = client.startDeviceAuthorization("ZohoCRM.modules.ALL");
    zoho.denyDevice(authorization.userCode());

    assertThrows(DeviceAuthorizationDeniedException.class, () -> client.completeDeviceAuthorization(authorization));
    assertEquals(List.of(), store.userIdentifiers());
  }

  @Test
  void otherDcIsFollowedToTheUsersDataCentreWhichTheTokensThenRemember() {
    other = FakeZohoAccountsServer.builder().clock(clock).location("eu").deviceInterval(Duration.ofSeconds(1)).start();
    zoho = FakeZohoAccountsServer.builder().clock(clock).deviceInterval(Duration.ofSeconds(1)).start();
    client = ClientFixture.clientFor(zoho, clock, store).allowAccountsServers(other.accountsUrl())
        .sleeper(millis -> clock.advance(Duration.ofMillis(millis))).build();
    DeviceAuthorization authorization = client.startDeviceAuthorization("ZohoCRM.modules.ALL",
        "AaaServer.profile.READ");
    zoho.approveDeviceIn(authorization.userCode(), "eu-user@example.com", other);

    ZohoOAuthTokens tokens = client.completeDeviceAuthorization(authorization);

    assertEquals("eu-user@example.com", tokens.userIdentifier());
    assertEquals(other.accountsUrl(), tokens.accountsServer(), "its refreshes go to its data centre");
    assertEquals(1, zoho.requestCount(Endpoint.DEVICE_TOKEN), "other_dc");
    assertEquals(1, other.requestCount(Endpoint.DEVICE_TOKEN), "the tokens");
    assertEquals(0, zoho.deviceSlowDowns() + other.deviceSlowDowns());
  }

  @Test
  void aCodeNobodyEntersEndsInATypedErrorWithinItsLifetime() {
    start(FakeZohoAccountsServer.builder().deviceCodeLifetime(Duration.ofMillis(1_500)));
    DeviceAuthorization authorization = client.startDeviceAuthorization();

    assertThrows(DeviceAuthorizationExpiredException.class, () -> client.completeDeviceAuthorization(authorization));
    assertTrue(zoho.requestCount(Endpoint.DEVICE_TOKEN) <= 2, "no poll after the code's time");
  }

  @Test
  void timesGivenInSecondsAreReadAsSeconds() {
    start(FakeZohoAccountsServer.builder().deviceTimesInSeconds(true));

    DeviceAuthorization authorization = client.startDeviceAuthorization();

    assertEquals(Duration.ofSeconds(1), authorization.interval());
    assertEquals(Duration.ofMinutes(5), authorization.expiresIn());
  }

  @Test
  void anInterruptedWaitEndsAtOnceWithATypedErrorAndKeepsTheFlag() throws Exception {
    zoho = FakeZohoAccountsServer.builder().clock(clock).deviceInterval(Duration.ofSeconds(1)).start();
    client = ClientFixture.clientFor(zoho, clock, store).scope("ZohoCRM.modules.ALL,AaaServer.profile.READ")
        .build(); // the real pause, which an interrupt ends
    DeviceAuthorization authorization = client.startDeviceAuthorization();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread waiting = new Thread(() -> {
      try {
        client.completeDeviceAuthorization(authorization);
      } catch (Throwable e) {
        thrown.set(e);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    waiting.start();
    waiting.interrupt();
    waiting.join(BOUND.toMillis());

    assertTrue(thrown.get() instanceof ZohoOAuthInterruptedException, String.valueOf(thrown.get()));
    assertEquals(Boolean.TRUE, flag.get());
    assertEquals(List.of(), store.userIdentifiers());
  }
}
