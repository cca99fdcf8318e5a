package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void aRefusedTokenStaysRefusedUntilAFreshOtherTokenIsInHand() {
    long freshTime = EXPIRY.minus(Duration.ofMinutes(30)).toEpochMilli();
    long staleTime = EXPIRY.minus(Duration.ofMinutes(2)).toEpochMilli();

    assertTrue(policy.stillRefused(tokens, "a", freshTime), "the refused token itself, however fresh");
    assertFalse(policy.stillRefused(tokens, "old", freshTime), "another token, fresh: the replacement");
    assertTrue(policy.stillRefused(tokens, "old", staleTime), "another token, stale: the store may lag the cache");
  }

  @Test
  void theCachedBoundariesAgreeWithTheStateAtEveryEdge() {
    RefreshPolicy.Timed timed = policy.timed(tokens);
    for (Duration before : new Duration[] {Duration.ofMinutes(6), Duration.ofMinutes(5), Duration.ofMinutes(2),
        Duration.ofMinutes(1), Duration.ZERO}) {
      Instant at = EXPIRY.minus(before);
      assertEquals(policy.stateAt(tokens, at), timed.stateAt(at.toEpochMilli()), "at " + before + " before expiry");
      assertEquals(policy.stateAt(tokens, at) == TokenState.FRESH, policy.isFresh(tokens, at.toEpochMilli()));
    }
  }

  @Test
  void aWindowShorterThanTheMarginIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RefreshPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20)));
    assertThrows(IllegalArgumentException.class, () -> new RefreshPolicy(Duration.ofSeconds(10), Duration.ofSeconds(-1)));
  }
}
