package io.github.zohooauth.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The core's numeric settings, each written once: its key, the builder method that sets it, its default, its bounds
 * and its unit. The properties path, {@code ZohoOAuthClientBuilder}, {@code HttpSettings} and the Spring Boot
 * starter's metadata take them from here, and a test holds the table of docs/configuration.md to them.
 */
public enum Setting {
  HTTP_CONNECT_TIMEOUT(ConfigKeys.HTTP_CONNECT_TIMEOUT_MS, "HttpSettings.withConnectTimeout", Unit.MILLISECONDS,
      10_000, 1, 600_000, "Connect timeout for calls to Zoho."),
  HTTP_REQUEST_TIMEOUT(ConfigKeys.HTTP_REQUEST_TIMEOUT_MS, "HttpSettings.withRequestTimeout", Unit.MILLISECONDS,
      30_000, 1, 600_000, "Time allowed for each attempt at a call to Zoho, the whole answer included."),
  HTTP_MAX_RETRIES(ConfigKeys.HTTP_MAX_RETRIES, "HttpSettings.withMaxRetries", Unit.COUNT, 2, 0, 10,
      "Retries of a call to Zoho where it is safe, with backoff and jitter."),
  REFRESH_WINDOW(ConfigKeys.REFRESH_WINDOW_SECONDS, "refreshWindow", Unit.SECONDS, 300, 0, 86_400,
      "How long before expiry a token turns STALE and a background refresh starts."),
  EXPIRY_MARGIN(ConfigKeys.EXPIRY_MARGIN_SECONDS, "expiryMargin", Unit.SECONDS, 60, 0, 86_400,
      "How long before expiry a token turns EXPIRED and callers wait for the refresh."),
  REFRESH_FAILURE_BACKOFF(ConfigKeys.REFRESH_FAILURE_BACKOFF_SECONDS, "refreshFailureBackoff", Unit.SECONDS, 5, 0,
      86_400, "After a failed refresh of a user, how long the next one is held off."),
  RATE_LIMIT_BACKOFF(ConfigKeys.RATE_LIMIT_BACKOFF_SECONDS, "rateLimitBackoff", Unit.SECONDS, 60, 0, 86_400,
      "After Zoho's rate-limit answer for a user, how long the next refresh is held off."),
  TOKEN_CACHE_SIZE(ConfigKeys.TOKEN_CACHE_SIZE, "tokenCacheSize", Unit.COUNT, 10_000, 1, 10_000_000,
      "How many users' tokens are held in memory."),
  /**
   * 16 is the smallest power of two at which a full default cache (10,000 users) turning STALE at once is refreshed
   * within the default 5-minute window (10,000 x 0.3 s / 16 = 3.1 minutes), so no caller waits; more only opens
   * more requests at Zoho at once.
   */
  REFRESH_MAX_CONCURRENCY(ConfigKeys.REFRESH_MAX_CONCURRENCY, "maxConcurrentRefreshes", Unit.COUNT, 16, 1, 1024,
      "Refreshes running at once, each one open request at Zoho."),
  /** Longer than a refresh queued behind a thousand others at the default concurrency. */
  REFRESH_WAIT_TIMEOUT(ConfigKeys.REFRESH_WAIT_TIMEOUT_MS, "refreshWaitTimeout", Unit.MILLISECONDS, 30_000, 1,
      86_400_000, "The longest a caller waits for the refresh of an expired token."),
  /** Longer than one refresh at Zoho with its retries, in the common case; a dead holder delays others this long. */
  REFRESH_LEASE(ConfigKeys.REFRESH_LEASE_MS, "refreshLeaseTime", Unit.MILLISECONDS, 30_000, 100, 86_400_000,
      "How long a refresh lease in a shared store keeps other instances out.");

  /** What a setting's number counts. */
  public enum Unit {
    COUNT(null), MILLISECONDS(ChronoUnit.MILLIS), SECONDS(ChronoUnit.SECONDS);

    private final ChronoUnit time;

    Unit(ChronoUnit time) {
      this.time = time;
    }
  }

  private final String key;
  private final String builderMethod;
  private final Unit unit;
  private final long defaultValue;
  private final long min;
  private final long max;
  private final String description;

  Setting(String key, String builderMethod, Unit unit, long defaultValue, long min, long max, String description) {
    this.key = key;
    this.builderMethod = builderMethod;
    this.unit = unit;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.description = description;
  }

  /** Its key in {@code oauth_configuration.properties}. */
  public String key() {
    return key;
  }

  /** The builder method that sets it in code ({@code ZohoOAuthClientBuilder}'s unless it names another class). */
  public String builderMethod() {
    return builderMethod;
  }

  public Unit unit() {
    return unit;
  }

  /** The default, in {@link #unit()}. */
  public long defaultValue() {
    return defaultValue;
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }

  /** One sentence on what it does. */
  public String description() {
    return description;
  }

  /** The default as a duration; only for time settings. */
  public Duration defaultDuration() {
    return toDuration(defaultValue);
  }

  /** {@code value}, in {@link #unit()}, as a duration; only for time settings. */
  public Duration toDuration(long value) {
    if (unit.time == null) {
      throw new IllegalStateException(key + " is a count, not a duration");
    }
    return Duration.of(value, unit.time);
  }

  /**
   * {@code value} when it is within the bounds.
   *
   * @throws IllegalArgumentException naming the builder method and the bounds otherwise
   */
  public long checked(long value) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(builderMethod + " must be " + bounds() + ", was " + value
          + (unit == Unit.COUNT ? "" : " " + unitName()));
    }
    return value;
  }

  /**
   * {@code value} when it is within the bounds, to the millisecond.
   *
   * @throws IllegalArgumentException naming the builder method and the bounds otherwise
   */
  public Duration checked(Duration value) {
    if (value == null || value.compareTo(toDuration(min)) < 0 || value.compareTo(toDuration(max)) > 0) {
      throw new IllegalArgumentException(builderMethod + " must be " + bounds() + ", was " + value);
    }
    return value;
  }

  /**
   * Why a refresh window and an expiry margin cannot go together, or null when they can: a token must turn STALE
   * (refresh in the background) before it counts as EXPIRED. The builder and the properties path both ask here, each
   * naming the settings in its own words.
   */
  public static String refreshWindowProblem(Duration refreshWindow, Duration expiryMargin) {
    return refreshWindow.compareTo(expiryMargin) < 0
        ? "a token must turn stale (refresh in the background) before it counts as expired" : null;
  }

  /** The bounds as a reader says them: "from 1 to 1024", "from 0 to 86400 seconds". */
  public String bounds() {
    return "from " + min + " to " + max + (unit == Unit.COUNT ? "" : " " + unitName());
  }

  private String unitName() {
    return unit == Unit.SECONDS ? "seconds" : "milliseconds";
  }
}
