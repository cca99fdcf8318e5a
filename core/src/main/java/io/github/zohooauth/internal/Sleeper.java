package io.github.zohooauth.internal;

/**
 * Pauses the calling thread: the one way the library waits on a caller's thread (between retries of a call to Zoho,
 * of a grant's save, of a busy user's rekey), so a test can take the time away and see the pauses it asked for.
 */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep}. */
  Sleeper SYSTEM = Thread::sleep;

  /** Returns after {@code millis}, or throws when the thread is interrupted. */
  void sleep(long millis) throws InterruptedException;
}
