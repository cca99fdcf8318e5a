package io.github.zohooauth.internal.refresh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the engine's work runs: refreshes on a bounded pool, and the pauses between polls of a store whose lease
 * another instance holds on a timer. The seam exists so that engine tests run each task when they choose and move
 * time by hand, as google-auth's {@code MockExecutor} and Caffeine's {@code executor}/{@code scheduler} allow; the
 * default is the real pools.
 */
interface RefreshThreads {
  /**
   * Runs {@code task} soon, on a thread that is not the caller's.
   *
   * @throws RejectedExecutionException once {@link #shutdown} has run
   */
  void execute(Runnable task);

  /**
   * Runs {@code task} after {@code delayMillis}, on a timer thread: the task must only hand work to
   * {@link #execute}, never do it.
   *
   * @throws RejectedExecutionException once {@link #shutdown} has run
   */
  void schedule(Runnable task, long delayMillis);

  /** Stops taking tasks and interrupts those running. */
  void shutdown();

  /**
   * {@code threads} refresh threads, made on demand and ended when idle (the queue holds at most one task per user,
   * as a user has at most one flight), and one timer thread.
   */
  static RefreshThreads pools(int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads("zoho-oauth-refresh-"));
    pool.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        new DaemonThreads("zoho-oauth-refresh-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    return new RefreshThreads() {
      @Override
      public void execute(Runnable task) {
        pool.execute(task);
      }

      @Override
      public void schedule(Runnable task, long delayMillis) {
        timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void shutdown() {
        pool.shutdownNow();
        timer.shutdownNow();
      }
    };
  }
}
