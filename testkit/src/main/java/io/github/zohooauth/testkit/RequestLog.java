package io.github.zohooauth.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What clients sent: every request, and counts by endpoint, by grant type and by the user a refresh was for.
 * Counted on arrival, before any injected failure, so counts are of requests sent, answered or not. Thread-safe.
 */
final class RequestLog {
  private final Map<Endpoint, AtomicInteger> byEndpoint = new EnumMap<>(Endpoint.class);
  private final Map<String, AtomicInteger> byGrantType = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refreshesByUser = new ConcurrentHashMap<>();
  private final Map<String, Queue<Instant>> refreshTimesByUser = new ConcurrentHashMap<>();

  private final Queue<RecordedRequest> recorded = new ConcurrentLinkedQueue<>();

  RequestLog() {
    for (Endpoint endpoint : Endpoint.values()) {
      byEndpoint.put(endpoint, new AtomicInteger());
    }
  }

  void request(Endpoint endpoint, RecordedRequest request) {
    recorded.add(request);
    byEndpoint.get(endpoint).incrementAndGet();
  }

  /**
   * A token request of {@code grantType}, received {@code at} by the fake's clock; {@code refreshOwner} is whose
   * refresh token it named, if any.
   */
  void tokenRequest(String grantType, String refreshOwner, Instant at) {
    byGrantType.computeIfAbsent(grantType, g -> new AtomicInteger()).incrementAndGet();
    if (refreshOwner != null) {
      refreshesByUser.computeIfAbsent(refreshOwner, e -> new AtomicInteger()).incrementAndGet();
      refreshTimesByUser.computeIfAbsent(refreshOwner, e -> new ConcurrentLinkedQueue<>()).add(at);
    }
  }

  List<Instant> refreshTimes(String email) {
    Queue<Instant> times = refreshTimesByUser.get(email);
    return times == null ? List.of() : List.copyOf(times);
  }

  int count(Endpoint endpoint) {
    return byEndpoint.get(endpoint).get();
  }

  int tokenRequests(String grantType) {
    AtomicInteger count = byGrantType.get(grantType);
    return count == null ? 0 : count.get();
  }

  int refreshRequests(String email) {
    AtomicInteger count = refreshesByUser.get(email);
    return count == null ? 0 : count.get();
  }

  List<RecordedRequest> all() {
    return Collections.unmodifiableList(new ArrayList<>(recorded));
  }
}
