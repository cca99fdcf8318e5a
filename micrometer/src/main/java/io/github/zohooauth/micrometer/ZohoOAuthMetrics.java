package io.github.zohooauth.micrometer;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.event.RefreshEvent;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The client's token events as Micrometer meters, under names dashboards can rely on. No meter carries a user
 * identifier: that would be a tag per user, bad for cardinality and for privacy.
 *
 * <ul>
 *   <li>{@value #REFRESHES} (counter; tags {@code trigger}: stale, expired, rejected, forced; {@code outcome}: success,
 *       by_another_instance, failure);</li>
 *   <li>{@value #REFRESH_DURATION} (timer; tag {@code trigger});</li>
 *   <li>{@value #REJECTIONS} (counter): tokens the application reported Zoho refused;</li>
 *   <li>{@value #RATE_LIMITED} (counter): Zoho's rate-limit answers;</li>
 *   <li>{@value #CACHE_SIZE} (gauge): users whose tokens the client holds in memory;</li>
 *   <li>{@value #STORE_ERRORS} (counter; tag {@code operation}: load, save, delete, lease, list).</li>
 * </ul>
 *
 * <pre>{@code
 * ZohoOAuthMetrics metrics = new ZohoOAuthMetrics(registry);
 * ZohoOAuthClient client = ZohoOAuthClient.builder()...eventListener(metrics).build();
 * metrics.bindCacheSize(client);
 * }</pre>
 */
public final class ZohoOAuthMetrics implements TokenEventListener {
  public static final String REFRESHES = "zoho.oauth.refreshes";
  public static final String REFRESH_DURATION = "zoho.oauth.refresh.duration";
  public static final String REJECTIONS = "zoho.oauth.rejections";
  public static final String RATE_LIMITED = "zoho.oauth.rate.limited";
  public static final String CACHE_SIZE = "zoho.oauth.cache.size";
  public static final String STORE_ERRORS = "zoho.oauth.store.errors";

  private final MeterRegistry registry;
  private final Counter rejections;
  private final Counter rateLimited;

  public ZohoOAuthMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.rejections = Counter.builder(REJECTIONS).description("Tokens the application reported that Zoho refused")
        .register(registry);
    this.rateLimited = Counter.builder(RATE_LIMITED).description("Zoho's rate-limit answers to refreshes")
        .register(registry);
  }

  /** Adds the {@value #CACHE_SIZE} gauge for {@code client}; the gauge does not keep the client alive. */
  public ZohoOAuthMetrics bindCacheSize(ZohoOAuthClient client) {
    Gauge.builder(CACHE_SIZE, client, ZohoOAuthClient::cachedUsers)
        .description("Users whose tokens the client holds in memory").register(registry);
    return this;
  }

  @Override
  public void refreshed(RefreshEvent event) {
    refreshes(event.trigger(), event.byAnotherInstance() ? "by_another_instance" : "success").increment();
    Timer.builder(REFRESH_DURATION).description("Refreshes, from start to a usable token")
        .tag("trigger", tag(event.trigger())).register(registry).record(event.duration());
  }

  @Override
  public void refreshFailed(String userIdentifier, RefreshTrigger trigger, ZohoOAuthException error) {
    refreshes(trigger, "failure").increment();
  }

  @Override
  public void rateLimited(String userIdentifier, Duration backoff) {
    rateLimited.increment();
  }

  @Override
  public void tokenRejected(String userIdentifier) {
    rejections.increment();
  }

  @Override
  public void storeFailed(String operation, TokenStoreException error) {
    Counter.builder(STORE_ERRORS).description("Failed calls to the token store").tag("operation", operation)
        .register(registry).increment();
  }

  private Counter refreshes(RefreshTrigger trigger, String outcome) {
    return Counter.builder(REFRESHES).description("Refreshes of a user's access token")
        .tag("trigger", tag(trigger)).tag("outcome", outcome).register(registry);
  }

  private static String tag(RefreshTrigger trigger) {
    return trigger.name().toLowerCase(Locale.ROOT);
  }
}
