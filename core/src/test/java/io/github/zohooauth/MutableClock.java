package io.github.zohooauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, shared by the client and the fake so both agree on expiry. It is also the client's
 * monotonic {@link Ticker}: {@link #advance} moves both, {@link #step} moves the wall clock alone, as an NTP
 * correction does.
 */
public final class MutableClock extends Clock implements Ticker {
  private volatile Instant now;
  private volatile long nanos;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Time passes: the wall clock and the ticker move together. */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
    nanos += duration.toNanos();
  }

  /** The wall clock is set, forward or back; no time passes on the ticker. */
  public void step(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public long read() {
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

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
