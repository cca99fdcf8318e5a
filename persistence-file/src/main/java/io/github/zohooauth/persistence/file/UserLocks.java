package io.github.zohooauth.persistence.file;

import io.github.zohooauth.exception.TokenStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per user, across threads and processes: a JVM-wide {@link ReentrantLock} per lock file (an OS file lock
 * belongs to the whole process, so threads must queue before it), then an OS lock on the file, both with a bounded
 * wait. Re-entrant for the thread holding it, so a save inside a refresh under lock does not wait for itself.
 */
final class UserLocks {
  /** Shared by every store in the JVM: two stores over one folder must still exclude each other. */
  private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 10;
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Duration timeout;

  UserLocks(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T withLock(Path lockFile, String user, Supplier<T> action) {
    ReentrantLock local = IN_THIS_JVM.computeIfAbsent(lockFile.toAbsolutePath(), path -> new ReentrantLock());
    if (local.isHeldByCurrentThread()) {
      return action.get();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut(lockFile, user, "another thread of this application");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenStoreException("Interrupted while waiting for the token file lock of user '" + user + "' ("
          + lockFile + ").", user, e);
    }
    try (FileChannel channel = openLockFile(lockFile)) {
      FileLock lock = acquire(channel, deadline, lockFile, user);
      try {
        return action.get();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new TokenStoreException("Could not open the lock file " + lockFile + " of user '" + user + "': " + e
          + ". Check that the token folder is writable.", user, e);
    } finally {
      local.unlock();
    }
  }

  /** Opens (creating it 0600 on POSIX systems) a file that is only ever locked, never written. */
  static FileChannel openLockFile(Path file) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    return POSIX ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : FileChannel.open(file, options);
  }

  private FileLock acquire(FileChannel channel, long deadline, Path lockFile, String user) throws IOException {
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // cannot happen behind the JVM lock, but never spin on it forever
      }
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw timedOut(lockFile, user, "another process");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenStoreException("Interrupted while waiting for the token file lock of user '" + user + "' ("
            + lockFile + ").", user, e);
      }
    }
  }

  private TokenStoreException timedOut(Path lockFile, String user, String holder) {
    return new TokenStoreException("Could not lock the token file of user '" + user + "' within "
        + timeout.toMillis() + " ms: " + holder + " holds " + lockFile + " (a refresh waiting for Zoho, or a hung "
        + "process). Nothing was changed. Raise token_persistence_lock_timeout_ms if refreshes are slow.", user,
        null);
  }
}
