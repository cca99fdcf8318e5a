package io.github.zohooauth.persistence.file;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.AbstractRefreshLease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A user's refresh lease: an OS lock on {@code .locks/<name>.lease}, held while Zoho answers. The OS ends it with
 * the process, so a holder killed mid-refresh delays no one; while the holder lives it is never taken over, so there
 * is nothing to fence against another holder, and {@link #complete} is a compare-and-set under the user's write
 * lock.
 *
 * <p>Why a map of the lease files this JVM holds: an OS lock belongs to the process, and on POSIX systems closing any
 * channel on the file drops it. So only the thread that holds the map entry opens the file, and other threads of
 * this JVM see the entry and are refused without touching the file.
 */
final class FileRefreshLease extends AbstractRefreshLease {
  private static final ConcurrentMap<Path, Object> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final Object entry;
  private final FileChannel channel;
  private final BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace;

  private FileRefreshLease(ZohoOAuthTokens current, Path file, Object entry, FileChannel channel,
      BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace) {
    super(current);
    this.file = file;
    this.entry = entry;
    this.channel = channel;
    this.replace = replace;
  }

  /**
   * Takes the lease on {@code file} unless this JVM or another process holds it, then reads the user's tokens.
   *
   * @param read the user's stored tokens; what it throws (an unknown user) gives the lease up and is rethrown
   * @param replace the store's compare-and-set, which {@link #complete} uses
   * @return null when another holder has it
   */
  static FileRefreshLease tryTake(Path file, Supplier<ZohoOAuthTokens> read,
      BiPredicate<ZohoOAuthTokens, ZohoOAuthTokens> replace) throws IOException {
    Path key = file.toAbsolutePath();
    Object entry = new Object();
    if (HELD_IN_THIS_JVM.putIfAbsent(key, entry) != null) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = UserLocks.openLockFile(key);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        giveUp(key, entry, channel);
        return null;
      }
      return new FileRefreshLease(read.get(), key, entry, channel, replace);
    } catch (IOException | RuntimeException e) {
      giveUp(key, entry, channel);
      throw e;
    }
  }

  @Override
  protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
    return replace.test(current, refreshed);
  }

  @Override
  protected void release(boolean stored) {
    giveUp(file, entry, channel);
  }

  private static void giveUp(Path key, Object entry, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close(); // releases the lock with it
      }
    } catch (IOException ignored) {
      // the lock goes with the channel; a failed close leaves nothing held that the process's end does not free
    } finally {
      HELD_IN_THIS_JVM.remove(key, entry);
    }
  }
}
