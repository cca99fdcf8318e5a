package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zohooauth.TokenState;
import io.github.zohooauth.ZohoOAuthTokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
  private static final Instant EXPIRY = Instant.parse("2026-01-01T01:00:00Z");
  private final RefreshPolicy policy = new RefreshPolicy(Duration.ofMinutes(5), Duration.ofMinutes(1));
  private final ZohoOAuthTokens tokens = ZohoOAuthTokens.builder().userIdentifier("u").accessToken("a")
      .refreshToken("r").expiresAt(EXPIRY).build();

  @Test
  void freshUntilTheRefreshWindowOpens() {
    assertEquals(TokenState.FRESH, policy.stateAt(tokens, EXPIRY.minus(Duration.ofMinutes(5)).minusMillis(1)));
    assertEquals(TokenState.STALE, policy.stateAt(tokens, EXPIRY.minus(Duration.ofMinutes(5))));
  }

  @Test
  void expiredFromTheSafetyMarginOn() {
    assertEquals(TokenState.STALE, policy.stateAt(tokens, EXPIRY.minus(Duration.ofMinutes(1)).minusMillis(1)));
    assertEquals(TokenState.EXPIRED, policy.stateAt(tokens, EXPIRY.minus(Duration.ofMinutes(1))));
    assertEquals(TokenState.EXPIRED, policy.stateAt(tokens, EXPIRY.plus(Duration.ofDays(1))));
  }

  @Test
  void tokensWithoutAnAccessTokenAreExpired() {
    ZohoOAuthTokens refreshOnly = ZohoOAuthTokens.builder().userIdentifier("u").refreshToken("r").build();

    assertEquals(TokenState.EXPIRED, policy.stateAt(refreshOnly, Instant.EPOCH.minusSeconds(1)));
  }

  @Test
  void aWindowShorterThanTheMarginIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RefreshPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20)));
    assertThrows(IllegalArgumentException.class, () -> new RefreshPolicy(Duration.ofSeconds(10), Duration.ofSeconds(-1)));
  }
}
