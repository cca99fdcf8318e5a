package io.github.zohooauth.persistence.file;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.RefreshLease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;

/**
 * A user's refresh lease: an OS lock on {@code .locks/<name>.lease}, held while Zoho answers. The OS ends it with
 * the process, so a holder killed mid-refresh delays no one; while the holder lives it is never taken over, so there
 * is nothing to fence against another holder, and {@link #complete} is a compare-and-set under the user's write
 * lock.
 *
 * <p>Why a map of the leases this JVM holds: an OS lock belongs to the process, and on POSIX systems closing any
 * channel on the file drops it. So only the thread that holds the map entry opens the file, and other threads of
 * this JVM see the entry and are refused without touching the file.
 */
final class FileRefreshLease implements RefreshLease {
  private static final ConcurrentMap<Path, FileRefreshLease> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace;
  private FileChannel channel;
  private FileLock lock;
  private ZohoOAuthTokens current;
  private boolean closed;

  private FileRefreshLease(Path file, BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace) {
    this.file = file;
    this.replace = replace;
  }

  /**
   * Takes the lease on {@code file} unless this JVM or another process holds it.
   *
   * @param replace the store's compare-and-set, which {@link #complete} uses
   * @return null when another holder has it
   */
  static FileRefreshLease tryTake(Path file, BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace)
      throws IOException {
    FileRefreshLease lease = new FileRefreshLease(file.toAbsolutePath(), replace);
    if (HELD_IN_THIS_JVM.putIfAbsent(lease.file, lease) != null) {
      return null;
    }
    try {
      lease.channel = UserLocks.openLockFile(lease.file);
      lease.lock = lease.channel.tryLock();
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw e;
    }
    if (lease.lock == null) {
      lease.close();
      return null;
    }
    return lease;
  }

  void setCurrent(ZohoOAuthTokens current) {
    this.current = current;
  }

  @Override
  public ZohoOAuthTokens current() {
    return current;
  }

  @Override
  public boolean complete(ZohoOAuthTokens refreshed) {
    try {
      return !closed && replace.test(current, refreshed);
    } finally {
      close();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (channel != null) {
        channel.close(); // releases the lock with it
      }
    } catch (IOException ignored) {
      // the lock goes with the channel; a failed close leaves nothing held that the process's end does not free
    } finally {
      HELD_IN_THIS_JVM.remove(file, this);
    }
  }
}
