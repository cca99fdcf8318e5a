package io.github.zohooauth.spring;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.ZohoOAuthException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;

/**
 * What the {@code zohoOAuth} health indicator reports: DOWN while the token store does not answer; UP otherwise,
 * with the last refresh failure and the last rate limit of the past 10 minutes as details. Never a user identifier
 * or a token.
 */
public final class ZohoOAuthHealth implements TokenEventListener {
  private static final Duration RECENT = Duration.ofMinutes(10);
  private static final String PROBE_USER = "zoho-oauth-health-check";

  private volatile Instant lastRefreshFailure;
  private volatile String lastRefreshFailureType;
  private volatile Instant lastRateLimit;

  @Override
  public void refreshFailed(String userIdentifier, RefreshTrigger trigger, ZohoOAuthException error) {
    lastRefreshFailureType = error.getClass().getSimpleName();
    lastRefreshFailure = Instant.now();
  }

  @Override
  public void rateLimited(String userIdentifier, Duration backoff) {
    lastRateLimit = Instant.now();
  }

  Health check(ZohoOAuthClient client) {
    Health.Builder health;
    try {
      client.tokenStore().load(PROBE_USER);
      health = Health.up();
    } catch (RuntimeException e) {
      health = Health.down().withDetail("store", e.getClass().getSimpleName());
    }
    Instant since = Instant.now().minus(RECENT);
    Instant failure = lastRefreshFailure;
    if (failure != null && failure.isAfter(since)) {
      health.withDetail("lastRefreshFailure", failure.toString()).withDetail("lastRefreshFailureType",
          lastRefreshFailureType);
    }
    Instant rateLimit = lastRateLimit;
    if (rateLimit != null && rateLimit.isAfter(since)) {
      health.withDetail("lastRateLimit", rateLimit.toString());
    }
    return health.build();
  }
}
