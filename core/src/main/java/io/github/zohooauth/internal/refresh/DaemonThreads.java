package io.github.zohooauth.internal.refresh;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the library's threads and makes them daemons, so a client never keeps an application from exiting. */
final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
