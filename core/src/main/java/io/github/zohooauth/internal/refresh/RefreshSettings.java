package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the refresh engine behaves: when tokens turn stale and expired, how many refreshes run at once, how long
 * callers and leases wait, how long a failed user is left alone. Immutable; built with {@link #builder()}, whose
 * defaults suit Zoho's servers.
 */
public final class RefreshSettings {
  /**
   * Refreshes running at once per client, and so the most token requests one client has open at Zoho. Throughput
   * is this over Zoho's latency (measured: linear from 4 to 64 with Zoho at 300 ms, about 46 users a second at 16).
   * 16 is the smallest power of two at which a full default cache (10,000 users) turning STALE at once is refreshed
   * within the default 5-minute refresh window (10,000 x 0.3 s / 16 = 3.1 minutes), so no caller waits; more
   * only opens more requests at Zoho at once.
   */
  public static final int DEFAULT_MAX_CONCURRENT_REFRESHES = 16;
  /** Longer than a refresh queued behind a thousand others at the default concurrency. */
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);
  /** Longer than one refresh at Zoho with its retries, in the common case; a dead holder delays others this long. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
  public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RATE_LIMIT_BACKOFF = Duration.ofSeconds(60);
  public static final int DEFAULT_CACHE_SIZE = 10_000;

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
    private Duration refreshWindow = RefreshPolicy.DEFAULT_REFRESH_WINDOW;
    private Duration expiryMargin = RefreshPolicy.DEFAULT_EXPIRY_MARGIN;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private int maxConcurrentRefreshes = DEFAULT_MAX_CONCURRENT_REFRESHES;
    private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;
    private Duration leaseTime = DEFAULT_LEASE_TIME;
    private Duration failureBackoff = DEFAULT_FAILURE_BACKOFF;
    private Duration rateLimitBackoff = DEFAULT_RATE_LIMIT_BACKOFF;
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private RefreshThreads threads;

    private Builder() {}

    /** How long before expiry a background refresh starts; default 5 minutes. */
    public Builder refreshWindow(Duration refreshWindow) {
      this.refreshWindow = Objects.requireNonNull(refreshWindow, "refreshWindow");
      return this;
    }

    /** How long before expiry a token is no longer handed out; default 1 minute. */
    public Builder expiryMargin(Duration expiryMargin) {
      this.expiryMargin = Objects.requireNonNull(expiryMargin, "expiryMargin");
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
      if (max < 1 || max > 1024) {
        throw new IllegalArgumentException("maxConcurrentRefreshes must be 1 to 1024, was " + max);
      }
      this.maxConcurrentRefreshes = max;
      return this;
    }

    /** The longest a caller waits for the refresh of an expired token; default 30 seconds. */
    public Builder waitTimeout(Duration timeout) {
      this.waitTimeout = positive(timeout, "waitTimeout");
      return this;
    }

    /** How long a refresh lease excludes other instances before it can be taken over; default 30 seconds. */
    public Builder leaseTime(Duration leaseTime) {
      this.leaseTime = positive(leaseTime, "leaseTime");
      return this;
    }

    /** How long after a failed refresh of a user no new refresh is tried; default 5 seconds. */
    public Builder failureBackoff(Duration backoff) {
      this.failureBackoff = nonNegative(backoff, "refreshFailureBackoff");
      return this;
    }

    /** How long after Zoho's rate-limit answer no new refresh of that user is tried; default 60 seconds. */
    public Builder rateLimitBackoff(Duration backoff) {
      this.rateLimitBackoff = nonNegative(backoff, "rateLimitBackoff");
      return this;
    }

    /** How many users' tokens are held in memory; default 10,000. */
    public Builder cacheSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("token cache size must be at least 1, was " + size);
      }
      this.cacheSize = size;
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

    private static Duration nonNegative(Duration duration, String name) {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException(name + " must be zero or more, was " + duration);
      }
      return duration;
    }

    private static Duration positive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be more than zero, was " + duration);
      }
      return duration;
    }
  }
}
