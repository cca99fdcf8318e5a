package io.github.zohooauth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand. Share it between the fake and the client under test, so both agree on expiry:
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
 * FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock).start();
 * ZohoOAuthClient client = ZohoOAuthClient.builder()...clock(clock).ticker(clock::nanoTime).build();
 * clock.advance(Duration.ofHours(2)); // every token is now expired, with no sleep
 * }</pre>
 *
 * <p>It is also a monotonic ticker ({@link #nanoTime()}), as the client's backoffs and leases use one:
 * {@link #advance} moves both the wall clock and the ticker, {@link #step} moves the wall clock alone, as an NTP
 * correction does. Thread-safe.
 */
public final class FakeClock extends Clock {
  private volatile Instant now;
  private volatile long nanos;

  public FakeClock(Instant start) {
    this.now = start;
  }

  /** Time passes: the wall clock and the ticker move together. */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
    nanos += duration.toNanos();
  }

  /** The wall clock is set, forward or back; no time passes on the ticker. */
  public synchronized void step(Duration duration) {
    now = now.plus(duration);
  }

  /** The monotonic reading, in nanoseconds: what {@link System#nanoTime()} is to the system clock. */
  public long nanoTime() {
    return nanos;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Not supported: a test shares one clock, in UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a FakeClock is shared in UTC; convert instants where a zone is needed");
  }
}
