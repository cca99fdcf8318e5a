package io.github.zohooauth.persistence.file;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;

/**
 * Tells of the token files written in a store's folder, by this process or another, with the JDK's
 * {@link WatchService}: on Linux that is inotify, so the waiters on another process's refresh hear of it at once.
 *
 * <p>Every write is told, a grant's as much as a refresh's: the engine only reads the store for users it waits on,
 * so a write it did not need costs nothing. Where the file system cannot tell (a folder shared over NFS from another
 * host, or a platform whose watch service polls, as macOS's does every few seconds), nothing is heard in time and
 * the waiters' own polls find the token, as they do for any store that cannot tell.
 */
final class TokenFileWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TokenFileWatch.class.getName());

  private final WatchService watch;
  private final Thread thread;

  private TokenFileWatch(WatchService watch, Path folder, Consumer<String> listener) {
    this.watch = watch;
    this.thread = new Thread(() -> run(folder, listener), "zoho-oauth-file-watch");
    thread.setDaemon(true);
  }

  /** Watches {@code folder} until closed; null when the file system cannot watch it. */
  static TokenFileWatch start(Path folder, Consumer<String> listener) {
    try {
      WatchService watch = folder.getFileSystem().newWatchService();
      folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      TokenFileWatch started = new TokenFileWatch(watch, folder, listener);
      started.thread.start();
      return started;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.WARNING, "cannot watch {0} for tokens written by other processes; waiters poll: {1}", folder,
          e.toString());
      return null;
    }
  }

  private void run(Path folder, Consumer<String> listener) {
    try {
      while (true) {
        WatchKey key = watch.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            continue; // too many at once: what was missed, the waiters' polls find
          }
          Path name = (Path) event.context();
          if (name.toString().endsWith(".json")) {
            userOf(folder.resolve(name)).ifPresent(user -> {
              try {
                listener.accept(user);
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener of stored refreshes failed: {0}", e.toString());
              }
            });
          }
        }
        if (!key.reset()) {
          return; // the folder is gone
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  /** The user a token file is for; empty when it is gone or not a token file (a temporary one, say). */
  private static java.util.Optional<String> userOf(Path file) {
    try {
      return TokenFileFormat.userOf(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } catch (IOException e) {
      // the thread ends with the service all the same
    }
  }
}
