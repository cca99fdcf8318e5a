package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.TokenState;
import io.github.zohooauth.ZohoOAuthTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a token turns {@link TokenState#STALE} and {@link TokenState#EXPIRED}: {@code refreshWindow} and
 * {@code expiryMargin} before its expiry.
 *
 * <p>The defaults suit Zoho's 60-minute tokens: a background refresh starts 5 minutes before expiry, so callers
 * almost never wait, and a token is never handed out with less than 1 minute to live, so a slow API call does not
 * fail half-way (Zoho's SDKs use 5 seconds). One refresh per user per 55 minutes stays far under Zoho's 10 per 10
 * minutes.
 */
final class RefreshPolicy {
  public static final Duration DEFAULT_REFRESH_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofMinutes(1);

  private final long refreshWindowMillis;
  private final long expiryMarginMillis;

  public RefreshPolicy(Duration refreshWindow, Duration expiryMargin) {
    Objects.requireNonNull(refreshWindow, "refreshWindow");
    Objects.requireNonNull(expiryMargin, "expiryMargin");
    if (expiryMargin.isNegative()) {
      throw new IllegalArgumentException("the expiry margin must not be negative, was " + expiryMargin);
    }
    if (refreshWindow.compareTo(expiryMargin) < 0) {
      throw new IllegalArgumentException("the refresh window (" + refreshWindow + ") must be at least the expiry "
          + "margin (" + expiryMargin + "): a token must turn stale before it counts as expired");
    }
    this.refreshWindowMillis = refreshWindow.toMillis();
    this.expiryMarginMillis = expiryMargin.toMillis();
  }

  public static RefreshPolicy defaults() {
    return new RefreshPolicy(DEFAULT_REFRESH_WINDOW, DEFAULT_EXPIRY_MARGIN);
  }

  /** How long before expiry a token is no longer handed out. */
  public Duration expiryMargin() {
    return Duration.ofMillis(expiryMarginMillis);
  }

  public TokenState stateAt(ZohoOAuthTokens tokens, Instant now) {
    long nowMillis = now.toEpochMilli();
    if (nowMillis < staleAtMillis(tokens)) {
      return TokenState.FRESH;
    }
    return nowMillis < expiredAtMillis(tokens) ? TokenState.STALE : TokenState.EXPIRED;
  }

  long staleAtMillis(ZohoOAuthTokens tokens) {
    return tokens.accessToken() == null ? Long.MIN_VALUE : tokens.expiresAt().toEpochMilli() - refreshWindowMillis;
  }

  long expiredAtMillis(ZohoOAuthTokens tokens) {
    return tokens.accessToken() == null ? Long.MIN_VALUE : tokens.expiresAt().toEpochMilli() - expiryMarginMillis;
  }

  @Override
  public String toString() {
    return "RefreshPolicy{refreshWindow=" + Duration.ofMillis(refreshWindowMillis)
        + ", expiryMargin=" + Duration.ofMillis(expiryMarginMillis) + "}";
  }
}
