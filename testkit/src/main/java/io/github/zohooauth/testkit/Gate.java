package io.github.zohooauth.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds requests to one endpoint open until {@link #release()}, so a test can observe what callers do while an
 * answer is pending without relying on timing. Obtained from {@link FakeZohoAccountsServer#hold(Endpoint)}.
 */
public final class Gate {
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger arrivals = new AtomicInteger();
  private final Object arrivalMonitor = new Object();

  Gate() {}

  /** Lets every held request, and every later one, through. */
  public void release() {
    released.countDown();
  }

  /** How many requests have reached the gate so far. */
  public int arrivals() {
    return arrivals.get();
  }

  /**
   * Waits until at least {@code count} requests are held at the gate.
   *
   * @return whether they arrived within {@code timeout}
   */
  public boolean awaitArrivals(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivalMonitor) {
      while (arrivals.get() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(arrivalMonitor, left);
      }
      return true;
    }
  }

  void pass() throws InterruptedException {
    synchronized (arrivalMonitor) {
      arrivals.incrementAndGet();
      arrivalMonitor.notifyAll();
    }
    released.await();
  }
}
