package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.Ticker;
import io.github.zohooauth.config.Setting;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the refresh engine behaves: when tokens turn stale and expired, how many refreshes run at once, how long
 * callers and leases wait, how long a failed user is left alone. Immutable; built with {@link #builder()}, whose
 * defaults and bounds are those of {@link Setting}.
 */
public final class RefreshSettings {
  final RefreshPolicy policy;
  final Clock clock;
  final Ticker ticker;
  final int maxConcurrentRefreshes;
  final long waitTimeoutNanos;
  final Duration leaseTime;
  final long failureBackoffNanos;
  final long rateLimitBackoffNanos;
  final int cacheSize;
  /** Where refreshes and their pauses run; null for the real pools. */
  final RefreshThreads threads;

  private RefreshSettings(Builder builder) {
    this.policy = new RefreshPolicy(builder.refreshWindow, builder.expiryMargin);
    this.clock = builder.clock;
    this.ticker = builder.ticker;
    this.maxConcurrentRefreshes = builder.maxConcurrentRefreshes;
    this.waitTimeoutNanos = builder.waitTimeout.toNanos();
    this.leaseTime = builder.leaseTime;
    this.failureBackoffNanos = builder.failureBackoff.toNanos();
    this.rateLimitBackoffNanos = builder.rateLimitBackoff.toNanos();
    this.cacheSize = builder.cacheSize;
    this.threads = builder.threads;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static RefreshSettings defaults() {
    return builder().build();
  }

  /** How long before expiry a token is no longer handed out (and an answer that short-lived is refused). */
  public Duration expiryMargin() {
    return policy.expiryMargin();
  }

  /** How long a refresh lease lasts before another holder may take it. */
  public Duration leaseTime() {
    return leaseTime;
  }

  /** The longest a caller waits for a refresh before {@link io.github.zohooauth.exception.RefreshTimeoutException}. */
  public Duration waitTimeout() {
    return Duration.ofNanos(waitTimeoutNanos);
  }

  @Override
  public String toString() {
    return "RefreshSettings{" + policy + ", maxConcurrentRefreshes=" + maxConcurrentRefreshes + ", waitTimeout="
        + waitTimeout() + ", leaseTime=" + leaseTime + ", cacheSize=" + cacheSize + "}";
  }

  /** Collects refresh settings; every setter checks its value and names it when it is wrong. */
  public static final class Builder {
    private Duration refreshWindow = Setting.REFRESH_WINDOW.defaultDuration();
    private Duration expiryMargin = Setting.EXPIRY_MARGIN.defaultDuration();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private int maxConcurrentRefreshes = (int) Setting.REFRESH_MAX_CONCURRENCY.defaultValue();
    private Duration waitTimeout = Setting.REFRESH_WAIT_TIMEOUT.defaultDuration();
    private Duration leaseTime = Setting.REFRESH_LEASE.defaultDuration();
    private Duration failureBackoff = Setting.REFRESH_FAILURE_BACKOFF.defaultDuration();
    private Duration rateLimitBackoff = Setting.RATE_LIMIT_BACKOFF.defaultDuration();
    private int cacheSize = (int) Setting.TOKEN_CACHE_SIZE.defaultValue();
    private RefreshThreads threads;

    private Builder() {}

    /** How long before expiry a background refresh starts; default 5 minutes. */
    public Builder refreshWindow(Duration refreshWindow) {
      this.refreshWindow = Setting.REFRESH_WINDOW.checked(refreshWindow);
      return this;
    }

    /** How long before expiry a token is no longer handed out; default 1 minute. */
    public Builder expiryMargin(Duration expiryMargin) {
      this.expiryMargin = Setting.EXPIRY_MARGIN.checked(expiryMargin);
      return this;
    }

    /** The wall clock that token expiry is judged by. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic time source for waits and backoffs. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Refreshes running at once, each one token request at Zoho; default 16. */
    public Builder maxConcurrentRefreshes(int max) {
      this.maxConcurrentRefreshes = (int) Setting.REFRESH_MAX_CONCURRENCY.checked(max);
      return this;
    }

    /** The longest a caller waits for the refresh of an expired token; default 30 seconds. */
    public Builder waitTimeout(Duration timeout) {
      this.waitTimeout = Setting.REFRESH_WAIT_TIMEOUT.checked(timeout);
      return this;
    }

    /** How long a refresh lease excludes other instances before it can be taken over; default 30 seconds. */
    public Builder leaseTime(Duration leaseTime) {
      this.leaseTime = Setting.REFRESH_LEASE.checked(leaseTime);
      return this;
    }

    /** How long after a failed refresh of a user no new refresh is tried; default 5 seconds. */
    public Builder failureBackoff(Duration backoff) {
      this.failureBackoff = Setting.REFRESH_FAILURE_BACKOFF.checked(backoff);
      return this;
    }

    /** How long after Zoho's rate-limit answer no new refresh of that user is tried; default 60 seconds. */
    public Builder rateLimitBackoff(Duration backoff) {
      this.rateLimitBackoff = Setting.RATE_LIMIT_BACKOFF.checked(backoff);
      return this;
    }

    /** How many users' tokens are held in memory; default 10,000. */
    public Builder cacheSize(int size) {
      this.cacheSize = (int) Setting.TOKEN_CACHE_SIZE.checked(size);
      return this;
    }

    /** Where refreshes and their pauses run, for engine tests that run each task by hand; default real pools. */
    Builder threads(RefreshThreads threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @throws IllegalArgumentException when the refresh window is shorter than the expiry margin
     */
    public RefreshSettings build() {
      return new RefreshSettings(this);
    }
  }
}
