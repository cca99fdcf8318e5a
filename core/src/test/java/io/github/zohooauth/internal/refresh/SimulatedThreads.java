package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Real refresh threads on simulated time, for several engines at once: refreshes run on real pools (so callers,
 * refreshes and the store race as they do in production), while the timer's tasks and Zoho's answers wait for the
 * {@link FakeClock}. {@link #advance} moves time only once every refresh thread has finished or is waiting on Zoho,
 * so a refresh started at a simulated instant asks Zoho at that instant, however slow the machine.
 */
final class SimulatedThreads {
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final FakeClock clock;
  private final Object lock = new Object();
  private static final ThreadLocal<Pool> CURRENT = new ThreadLocal<>();
  private long sequence;
  private final PriorityQueue<Timed> timers = new PriorityQueue<>();
  private final PriorityQueue<Timed> answers = new PriorityQueue<>();
  private final List<Pool> pools = new ArrayList<>();

  SimulatedThreads(FakeClock clock) {
    this.clock = clock;
  }

  /** One engine's threads: {@code size} refresh threads, and the shared simulated timer. */
  RefreshThreads pool(int size) {
    Pool pool = new Pool(size);
    synchronized (lock) {
      pools.add(pool);
    }
    return pool;
  }

  /**
   * A fixed pool whose tasks are counted from the moment they are handed over. A pool has settled when none of its
   * tasks is working: all are done, waiting on Zoho, or queued behind threads that all wait on Zoho.
   */
  private final class Pool implements RefreshThreads {
    private final int size;
    private final ExecutorService executor;
    /** Handed over and not finished, less those waiting on Zoho. */
    private int pending;
    private int waitingOnZoho;

    Pool(int size) {
      this.size = size;
      this.executor = Executors.newFixedThreadPool(size, new DaemonThreads("simulated-refresh-"));
    }

    boolean settled() {
      return pending == 0 || waitingOnZoho == size;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (lock) {
        pending++;
      }
      try {
        executor.execute(() -> {
          CURRENT.set(this);
          try {
            task.run();
          } finally {
            synchronized (lock) {
              pending--;
              lock.notifyAll();
            }
          }
        });
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          pending--;
          lock.notifyAll();
        }
        throw e;
      }
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
      if (executor.isShutdown()) {
        throw new RejectedExecutionException("shut down");
      }
      synchronized (lock) {
        timers.add(new Timed(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), sequence++, task, null));
      }
    }

    @Override
    public void shutdown() {
      executor.shutdownNow();
    }
  }

  /** Called on a refresh thread: Zoho takes {@code latency} of simulated time to answer. */
  void zohoTakes(Duration latency) {
    Pool pool = CURRENT.get();
    synchronized (lock) {
      Timed answer = new Timed(clock.nanoTime() + latency.toNanos(), sequence++, null, pool);
      answers.add(answer);
      pool.pending--;
      pool.waitingOnZoho++;
      lock.notifyAll();
      try {
        while (!answer.released) {
          lock.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Zoho answered", e);
      }
    }
  }

  /**
   * Moves simulated time by {@code step}: waits for the refresh threads to settle, moves the clock, runs the timer
   * tasks now due (they only hand work to the pools), releases the answers now due, and waits again.
   */
  void advance(Duration step) {
    settle();
    clock.advance(step);
    long now = clock.nanoTime();
    List<Runnable> due = new ArrayList<>();
    synchronized (lock) {
      while (!timers.isEmpty() && timers.peek().at - now <= 0) {
        due.add(timers.poll().task);
      }
      while (!answers.isEmpty() && answers.peek().at - now <= 0) {
        Timed answer = answers.poll();
        answer.released = true;
        // counted for the woken thread before it runs, so settle() cannot miss it
        answer.pool.pending++;
        answer.pool.waitingOnZoho--;
      }
      lock.notifyAll();
    }
    due.forEach(Runnable::run);
    settle();
  }

  /** Waits until no refresh thread is working (bounded: a stuck engine fails the simulation). */
  void settle() {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    synchronized (lock) {
      while (!pools.stream().allMatch(Pool::settled)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          StringBuilder stacks = new StringBuilder();
          Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread.getName().startsWith("simulated-refresh-") && java.util.Arrays.stream(frames).noneMatch(f -> f.getMethodName().equals("getTask"))) {
              stacks.append('\n').append(thread.getName()).append(' ').append(thread.getState());
              for (StackTraceElement frame : frames) {
                stacks.append("\n  at ").append(frame);
              }
            }
          });
          throw new IllegalStateException("refresh tasks still running after 20 s of real time:" + stacks);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  void shutdown() {
    synchronized (lock) {
      answers.forEach(answer -> answer.released = true);
      lock.notifyAll();
      pools.forEach(Pool::shutdown);
    }
  }

  private static final class Timed implements Comparable<Timed> {
    final long at;
    final long order;
    final Runnable task;
    final Pool pool;
    boolean released;

    Timed(long at, long order, Runnable task, Pool pool) {
      this.at = at;
      this.order = order;
      this.task = task;
      this.pool = pool;
    }

    @Override
    public int compareTo(Timed other) {
      int byTime = Long.compare(at - other.at, 0);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }
}
