package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.event.RefreshEvent;
import io.github.zohooauth.event.RefreshTrigger;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoOAuthException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers events to the listeners on one thread of the client's, in order, so that no listener runs in a caller's
 * thread or delays a refresh. The queue is bounded: when listeners fall {@value #QUEUE} events behind, newer events
 * are dropped and a warning says so once. With no listener, every method returns at once.
 */
final class TokenEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TokenEvents.class.getName());
  static final int QUEUE = 10_000;

  private final List<TokenEventListener> listeners;
  private final ThreadPoolExecutor thread;
  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final AtomicBoolean warnedOfDrops = new AtomicBoolean();

  public TokenEvents(List<TokenEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
    if (this.listeners.isEmpty()) {
      this.thread = null;
    } else {
      this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
          new DaemonThreads("zoho-oauth-events-"));
      thread.allowCoreThreadTimeOut(true);
    }
  }

  static TokenEvents none() {
    return new TokenEvents(List.of());
  }

  void refreshed(String user, RefreshTrigger trigger, long nanos, boolean byAnotherInstance) {
    deliver(listener -> listener.refreshed(new RefreshEvent(user, trigger, Duration.ofNanos(nanos),
        byAnotherInstance)));
  }

  void refreshFailed(String user, RefreshTrigger trigger, ZohoOAuthException error) {
    deliver(listener -> listener.refreshFailed(user, trigger, error));
  }

  void rateLimited(String user, long backoffNanos) {
    deliver(listener -> listener.rateLimited(user, Duration.ofNanos(backoffNanos)));
  }

  void tokenRejected(String user) {
    deliver(listener -> listener.tokenRejected(user));
  }

  /** A refresh token replaced by new tokens could not be revoked at Zoho. */
  public void replacedTokenNotRevoked(String user, ZohoOAuthException error) {
    deliver(listener -> listener.replacedTokenNotRevoked(user, error));
  }

  void storeSaveFailed(String user, RuntimeException error) {
    deliver(listener -> listener.storeSaveFailed(user, error));
  }

  /** A store call named {@code operation} ended: every failure is an event, and so is a change of state. */
  void storeCall(String operation, TokenStoreException failure) {
    if (thread == null) {
      return;
    }
    if (failure != null) {
      deliver(listener -> listener.storeFailed(operation, failure));
      if (storeDown.compareAndSet(false, true)) {
        deliver(listener -> listener.storeUnavailable(failure));
      }
    } else if (storeDown.get() && storeDown.compareAndSet(true, false)) {
      deliver(TokenEventListener::storeRecovered);
    }
  }

  private void deliver(Consumer<TokenEventListener> event) {
    if (thread == null) {
      return;
    }
    try {
      thread.execute(() -> {
        for (TokenEventListener listener : listeners) {
          try {
            event.accept(listener);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "token event listener " + listener.getClass().getName() + " threw; it keeps "
                + "receiving events: " + e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      if (!thread.isShutdown() && warnedOfDrops.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "token event listeners are " + QUEUE + " events behind; newer events are dropped "
            + "until they catch up");
      }
    }
  }

  /** Stops the thread once the events already queued are delivered, waiting at most a second. */
  @Override
  public void close() {
    if (thread != null) {
      thread.shutdown();
      try {
        thread.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
