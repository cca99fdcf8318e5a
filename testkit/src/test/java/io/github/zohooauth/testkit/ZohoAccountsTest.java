package io.github.zohooauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zoho's accounts rules, on the state machine alone: no sockets, time moved by hand. */
class ZohoAccountsTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ZohoAccounts accounts = new ZohoAccounts(FakeZohoAccountsServer.builder().clock(clock)
      .rateLimit(100, Duration.ofMinutes(10)), () -> "http://api.test");

  private String refresh(String refreshToken) {
    ZohoAccounts.Answer answer = accounts.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
        "client_id", FakeZohoAccountsServer.DEFAULT_CLIENT_ID,
        "client_secret", FakeZohoAccountsServer.DEFAULT_CLIENT_SECRET));
    assertEquals(200, answer.status);
    return answer.json.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void theSixteenthLiveAccessTokenEndsTheOldest() {
    String refreshToken = accounts.issueRefreshToken("a@example.com", FakeZohoAccountsServer.DEFAULT_SCOPES);
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      issued.add(refresh(refreshToken));
    }

    assertNull(accounts.liveGrant(issued.get(0)), "the oldest of 16");
    for (String token : issued.subList(1, 16)) {
      assertNotNull(accounts.liveGrant(token));
    }
  }

  @Test
  void anAccessTokenDiesAtItsHourAndAGrantCodeAfterTwoMinutesOrOneUse() {
    String token = refresh(accounts.issueRefreshToken("a@example.com", FakeZohoAccountsServer.DEFAULT_SCOPES));
    String code = accounts.newGrantCode("a@example.com", FakeZohoAccountsServer.DEFAULT_SCOPES, true, true);

    clock.advance(Duration.ofMinutes(2));
    assertTrue(exchange(code).contains("invalid_code"), "expired after 2 minutes");
    clock.advance(Duration.ofMinutes(58));
    assertNull(accounts.liveGrant(token), "expired after an hour");

    String fresh = accounts.newGrantCode("a@example.com", FakeZohoAccountsServer.DEFAULT_SCOPES, true, true);
    assertTrue(exchange(fresh).contains("access_token"));
    assertTrue(exchange(fresh).contains("invalid_code"), "single use");
  }

  private String exchange(String code) {
    return accounts.token(Map.of("grant_type", "authorization_code", "code", code,
        "redirect_uri", FakeZohoAccountsServer.DEFAULT_REDIRECT_URI,
        "client_id", FakeZohoAccountsServer.DEFAULT_CLIENT_ID,
        "client_secret", FakeZohoAccountsServer.DEFAULT_CLIENT_SECRET)).json;
  }
}
