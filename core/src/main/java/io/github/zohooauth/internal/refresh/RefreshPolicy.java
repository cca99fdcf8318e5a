package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.TokenState;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one place that decides where a token stands: {@link TokenState#FRESH}, {@link TokenState#STALE} from
 * {@code refreshWindow} before its expiry, {@link TokenState#EXPIRED} from {@code expiryMargin} before it, and
 * whether a token that Zoho refused is still the one in hand ({@link #stillRefused}). The engine asks here and
 * compares no times of its own.
 *
 * <p>The defaults suit Zoho's 60-minute tokens: a background refresh starts 5 minutes before expiry, so callers
 * almost never wait, and a token is never handed out with less than 1 minute to live, so a slow API call does not
 * fail half-way (Zoho's SDKs use 5 seconds). One refresh per user per 55 minutes stays far under Zoho's 10 per 10
 * minutes.
 */
final class RefreshPolicy {
  private final long refreshWindowMillis;
  private final long expiryMarginMillis;

  public RefreshPolicy(Duration refreshWindow, Duration expiryMargin) {
    Objects.requireNonNull(refreshWindow, "refreshWindow");
    Objects.requireNonNull(expiryMargin, "expiryMargin");
    String problem = expiryMargin.isNegative() ? "the expiry margin must not be negative"
        : Setting.refreshWindowProblem(refreshWindow, expiryMargin);
    if (problem != null) {
      throw new IllegalArgumentException("refreshWindow " + refreshWindow + " with expiryMargin " + expiryMargin
          + ": " + problem);
    }
    this.refreshWindowMillis = refreshWindow.toMillis();
    this.expiryMarginMillis = expiryMargin.toMillis();
  }

  /** How long a token is STALE: handed out while a refresh runs. */
  long staleWindowMillis() {
    return refreshWindowMillis - expiryMarginMillis;
  }

  /** How long before expiry a token is no longer handed out. */
  public Duration expiryMargin() {
    return Duration.ofMillis(expiryMarginMillis);
  }

  public TokenState stateAt(ZohoOAuthTokens tokens, Instant now) {
    return timed(tokens).stateAt(now.toEpochMilli());
  }

  /** The tokens with their boundaries worked out once, as the cache holds them. */
  Timed timed(ZohoOAuthTokens tokens) {
    if (tokens.accessToken() == null) {
      return new Timed(tokens, Long.MIN_VALUE, Long.MIN_VALUE); // a refresh token alone: expired from the start
    }
    long expiresAt = tokens.expiresAt().toEpochMilli();
    return new Timed(tokens, expiresAt - refreshWindowMillis, expiresAt - expiryMarginMillis);
  }

  /** Whether {@code current} is FRESH at {@code nowMillis}: what a refresh that finds it stored may stop at. */
  boolean isFresh(ZohoOAuthTokens current, long nowMillis) {
    return timed(current).isFreshAt(nowMillis);
  }

  /**
   * Whether Zoho's refusal of {@code rejected} still stands for {@code current}: it is that very token, or it is not
   * FRESH. A stored token counts as the replacement only when it is FRESH, because the store can lag behind the
   * cache (a refresh whose save failed is used from memory), and an older token must not come back this way.
   */
  boolean stillRefused(ZohoOAuthTokens current, String rejected, long nowMillis) {
    return current.accessToken().equals(rejected) || !isFresh(current, nowMillis);
  }

  /** Tokens with their state boundaries worked out once, so the hot path compares a long or two. */
  static final class Timed {
    final ZohoOAuthTokens tokens;
    private final long staleAt;
    private final long expiredAt;
    /**
     * Whether a caller of this process asked for these tokens: {@link RefreshAhead} refreshes only the users who call.
     * Set once, by the first caller; a later reader that misses it for a moment only delays a refresh ahead by one
     * sweep.
     */
    private volatile boolean used;
    /** Whether {@link RefreshAhead} started the refresh of these tokens: it tries each token once. */
    private volatile boolean refreshedAhead;

    private Timed(ZohoOAuthTokens tokens, long staleAt, long expiredAt) {
      this.tokens = tokens;
      this.staleAt = staleAt;
      this.expiredAt = expiredAt;
    }

    boolean isFreshAt(long nowMillis) {
      return nowMillis < staleAt;
    }

    /** A caller asked for these tokens; the hot path pays a read, and a write once per token. */
    void markUsed() {
      if (!used) {
        used = true;
      }
    }

    boolean used() {
      return used;
    }

    /** True the first time only: whether the caller is the one to refresh these tokens ahead. */
    boolean takeRefreshAhead() {
      if (refreshedAhead) {
        return false;
      }
      refreshedAhead = true; // one sweep thread: no race to settle
      return true;
    }

    /** FRESH or STALE: may be handed out. */
    boolean isUsableAt(long nowMillis) {
      return nowMillis < expiredAt;
    }

    TokenState stateAt(long nowMillis) {
      return isFreshAt(nowMillis) ? TokenState.FRESH : isUsableAt(nowMillis) ? TokenState.STALE : TokenState.EXPIRED;
    }
  }

  @Override
  public String toString() {
    return "RefreshPolicy{refreshWindow=" + Duration.ofMillis(refreshWindowMillis)
        + ", expiryMargin=" + Duration.ofMillis(expiryMarginMillis) + "}";
  }
}
