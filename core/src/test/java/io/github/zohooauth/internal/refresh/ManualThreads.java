package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The engine's threads, run by the test: tasks wait in a queue until {@link #runAll}, and scheduled ones until
 * {@link #advance} moves the fake clock past their time. No real thread, no sleep: each test says what happens when.
 */
final class ManualThreads implements RefreshThreads {
  private final FakeClock clock;
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private boolean shutdown;

  ManualThreads(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    queued.add(task);
  }

  @Override
  public synchronized void schedule(Runnable task, long delayMillis) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    scheduled.add(new Scheduled(task, clock.nanoTime() + Duration.ofMillis(delayMillis).toNanos()));
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    queued.clear();
    scheduled.clear();
  }

  /** How many tasks wait to run now. */
  synchronized int queued() {
    return queued.size();
  }

  /** How many tasks wait for their time. */
  synchronized int scheduled() {
    return scheduled.size();
  }

  /** Runs the queued tasks, and those they queue, until none is left. */
  void runAll() {
    for (Runnable task = next(); task != null; task = next()) {
      task.run();
    }
  }

  /** Moves the clock on, runs every scheduled task now due (in time order), then {@link #runAll}. */
  void advance(Duration duration) {
    clock.advance(duration);
    List<Scheduled> due = new ArrayList<>();
    synchronized (this) {
      long now = clock.nanoTime();
      scheduled.removeIf(each -> now - each.at >= 0 && due.add(each));
    }
    due.sort((a, b) -> Long.compare(a.at, b.at));
    due.forEach(each -> each.task.run());
    runAll();
  }

  private synchronized Runnable next() {
    return queued.poll();
  }

  private static final class Scheduled {
    final Runnable task;
    final long at;

    Scheduled(Runnable task, long at) {
      this.task = task;
      this.at = at;
    }
  }
}
