package io.github.zohooauth.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Zoho's bad days, as a test scripts them: failures played instead of answers, latency, and gates that hold
 * requests (or the answers of refreshes) until the test releases them. Thread-safe.
 */
final class Disruptions {
  private final Map<Endpoint, Queue<Failure>> failures = new ConcurrentHashMap<>();
  private final Map<Endpoint, Gate> gates = new ConcurrentHashMap<>();
  private final Map<Endpoint, Duration> latencies = new ConcurrentHashMap<>();
  private final AtomicReference<Gate> refreshesGate = new AtomicReference<>();
  private final AtomicReference<Gate> refreshAnswersGate = new AtomicReference<>();
  /** The gate the answer being sent by this handler thread waits at, once Zoho's side of the work is done. */
  private final ThreadLocal<Gate> heldAnswer = new ThreadLocal<>();

  void failNext(Endpoint endpoint, Failure failure) {
    failures.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).add(Objects.requireNonNull(failure));
  }

  /** The failure to play instead of this request's answer, or null to answer normally. */
  Failure nextFailure(Endpoint endpoint) {
    Queue<Failure> queue = failures.get(endpoint);
    return queue == null ? null : queue.poll();
  }

  Gate hold(Endpoint endpoint) {
    Gate gate = new Gate();
    Gate previous = gates.put(endpoint, gate);
    if (previous != null) {
      previous.release();
    }
    return gate;
  }

  Gate holdRefreshes() {
    return replaceGate(refreshesGate);
  }

  Gate holdRefreshAnswers() {
    return replaceGate(refreshAnswersGate);
  }

  void latency(Endpoint endpoint, Duration latency) {
    latencies.put(endpoint, latency);
  }

  /**
   * Run on the handler thread before a request is answered: passes its gates and waits out its latency. A refresh's
   * answer will wait at the refresh-answers gate, in {@link #beforeSend()}.
   */
  void beforeAnswer(Endpoint endpoint, boolean refresh) throws InterruptedException {
    Gate gate = gates.get(endpoint);
    if (gate != null) {
      gate.pass();
    }
    Gate refreshGate = refreshesGate.get();
    if (refresh && refreshGate != null) {
      refreshGate.pass();
    }
    if (refresh) {
      heldAnswer.set(refreshAnswersGate.get());
    }
    Duration latency = latencies.get(endpoint);
    if (latency != null && !latency.isZero()) {
      Thread.sleep(latency.toMillis());
    }
  }

  /** Run on the handler thread just before an answer is written. */
  void beforeSend() throws InterruptedException {
    Gate gate = heldAnswer.get();
    if (gate != null) {
      gate.pass();
    }
  }

  /** The handler thread is done with its request. */
  void done() {
    heldAnswer.remove();
  }

  /** Releases every gate, so nothing stays held when the fake stops. */
  void releaseAll() {
    gates.values().forEach(Gate::release);
    for (AtomicReference<Gate> slot : List.of(refreshesGate, refreshAnswersGate)) {
      Gate gate = slot.get();
      if (gate != null) {
        gate.release();
      }
    }
  }

  /** A new gate in {@code slot}; the one it replaces is released, so nothing stays held by a forgotten gate. */
  private static Gate replaceGate(AtomicReference<Gate> slot) {
    Gate gate = new Gate();
    Gate previous = slot.getAndSet(gate);
    if (previous != null) {
      previous.release();
    }
    return gate;
  }
}
