package io.github.zohooauth;

/**
 * A monotonic time source in nanoseconds, for the waits and backoffs of the refresh engine. Unlike the wall clock
 * it never steps back, so a clock correction cannot stretch a backoff. Tests pass one they move by hand.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary origin; only differences mean anything. */
  long read();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
