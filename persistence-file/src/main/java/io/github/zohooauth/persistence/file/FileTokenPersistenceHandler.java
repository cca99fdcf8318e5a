package io.github.zohooauth.persistence.file;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.persistence.file.TokenFileFormat.CorruptTokenFileException;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tokens in files on local disk, one JSON file per user, safe against crashes and against other processes on the
 * same host.
 *
 * <ul>
 *   <li>A save writes a temporary file in the same folder, syncs it, moves it over the old file atomically and syncs
 *       the folder: a crash at any moment leaves the old tokens or the new ones, never a torn file.</li>
 *   <li>Writes of a user (save, delete, compare-and-set) take that user's lock (threads, then an OS file lock, with
 *       a bounded wait) for the one file write. Reads take no lock: a file is only ever replaced whole.</li>
 *   <li>A refresh holds the user's lease, an OS lock on a separate file, while Zoho answers, so processes sharing
 *       the folder refresh a user once; the others re-read and find its token. The OS frees it if the holder
 *       dies.</li>
 *   <li>Files are 0600 and the folder 0700 on POSIX systems. Symbolic links are refused, for the folder and the
 *       files.</li>
 *   <li>A file that cannot be parsed is reported with its path and user, and kept. A later save for that user moves
 *       it aside as {@code <name>.corrupt-<millis>} before writing, so it is never overwritten.</li>
 * </ul>
 */
public final class FileTokenPersistenceHandler implements TokenPersistenceHandler {
  /**
   * How long a write waits for the user's lock. It is held only for one file write (milliseconds), never while Zoho
   * answers, so waiting longer than this means a hung process.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(FileTokenPersistenceHandler.class.getName());
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final String LOCKS = ".locks";
  private static final Duration ABANDONED_TEMP_AGE = Duration.ofMinutes(10);

  private final Path folder;
  private final Path lockFolder;
  private final UserLocks locks;

  /** A store in {@code folder}, created (0700) if missing, with {@link #DEFAULT_LOCK_TIMEOUT}. */
  public FileTokenPersistenceHandler(Path folder) {
    this(folder, DEFAULT_LOCK_TIMEOUT);
  }

  /** A store in {@code folder} whose lock waits give up after {@code lockTimeout}. */
  public FileTokenPersistenceHandler(Path folder, Duration lockTimeout) {
    this.folder = prepareFolder(Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize());
    this.lockFolder = prepareFolder(this.folder.resolve(LOCKS));
    this.locks = new UserLocks(Objects.requireNonNull(lockTimeout, "lockTimeout"));
    removeAbandonedTemporaryFiles();
  }

  /** The folder the token files are in. */
  public Path folder() {
    return folder;
  }

  /** {@code file:<absolute folder>}: a file copied from another folder fails to decrypt. */
  @Override
  public String namespace() {
    return "file:" + folder.toAbsolutePath().normalize();
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    Path file = tokenFile(userIdentifier);
    byte[] content;
    try {
      refuseLink(file, userIdentifier);
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("Could not read the token file " + file, userIdentifier, e);
    }
    try {
      return Optional.of(TokenFileFormat.read(content, userIdentifier));
    } catch (CorruptTokenFileException e) {
      throw new TokenStoreException("The token file " + file + " of user '" + userIdentifier + "' cannot be used: "
          + e.getMessage() + ". The file is kept as it is; other users are not affected. Fix or remove it, or "
          + "generate the user's tokens again (the next save moves it aside).", userIdentifier, null);
    }
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    String user = tokens.userIdentifier();
    byte[] content = TokenFileFormat.write(tokens);
    withUserLock(user, () -> {
      Path file = tokenFile(user);
      moveAsideIfCorrupt(file, user);
      writeAtomically(file, content, user);
      removeLeftovers(file);
      return null;
    });
  }

  @Override
  public void delete(String userIdentifier) {
    withUserLock(userIdentifier, () -> {
      Path file = tokenFile(userIdentifier);
      try {
        refuseLink(file, userIdentifier);
        if (Files.deleteIfExists(file)) {
          syncFolder();
        }
      } catch (IOException e) {
        throw failure("Could not delete the token file " + file, userIdentifier, e);
      }
      return null;
    });
  }

  /** Under the user's lock (threads and processes): stores {@code replacement} only if the file holds {@code expected}. */
  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    String user = expected.userIdentifier();
    if (!user.equals(replacement.userIdentifier())) {
      throw new IllegalArgumentException("expected and replacement tokens are for different users");
    }
    byte[] content = TokenFileFormat.write(replacement);
    return withUserLock(user, () -> {
      if (!load(user).map(expected::equals).orElse(false)) {
        return false;
      }
      writeAtomically(tokenFile(user), content, user);
      return true;
    });
  }

  /**
   * An OS lock on the user's lease file, held while Zoho answers and ended by the OS with the process, so
   * {@code leaseTime} is not needed: a holder that dies frees it at once, and a live one is never taken over.
   */
  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    Path leaseFile = lockFolder.resolve(UserFileNames.leaseFile(Objects.requireNonNull(userIdentifier, "user")));
    try {
      return Optional.ofNullable(FileRefreshLease.tryTake(leaseFile,
          () -> load(userIdentifier).orElseThrow(() -> new UnknownUserException(userIdentifier)), this::replace));
    } catch (IOException e) {
      throw failure("Could not open the lease file " + leaseFile, userIdentifier, e);
    }
  }

  /**
   * Tells {@code listener} of the token files written in the folder, by any process on this host: a waiter on another
   * process's lease hears of its refresh at once (on Linux, by inotify). See {@link TokenFileWatch} for where a file
   * system cannot tell; the waiters then poll.
   */
  @Override
  public AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    TokenFileWatch watch = TokenFileWatch.start(folder, listener);
    return watch == null ? () -> { } : watch;
  }

  /** Reads the user identifier from each token file; unusable files are left out (loading that user reports them). */
  @Override
  public List<String> userIdentifiers() {
    List<String> users = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
      for (Path file : files) {
        if (!Files.isSymbolicLink(file)) {
          TokenFileFormat.userOf(Files.readAllBytes(file)).ifPresent(users::add);
        }
      }
    } catch (IOException e) {
      throw failure("Could not list the token folder " + folder, null, e);
    }
    Collections.sort(users);
    return users;
  }

  @Override
  public String toString() {
    return "FileTokenPersistenceHandler{folder=" + folder + "}";
  }

  private <T> T withUserLock(String user, Supplier<T> action) {
    return locks.withLock(lockFolder.resolve(UserFileNames.lockFile(user)), user, action);
  }

  private Path tokenFile(String userIdentifier) {
    return folder.resolve(UserFileNames.tokenFile(Objects.requireNonNull(userIdentifier, "userIdentifier")));
  }

  private void writeAtomically(Path file, byte[] content, String user) {
    Path temporary = null;
    try {
      refuseLink(file, user);
      temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp", ownerOnly(OWNER_FILE));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      syncFolder();
    } catch (IOException e) {
      throw failure("Could not write the token file " + file, user, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // the write already failed and says so; an abandoned temporary file is removed at the next start
        }
      }
    }
  }

  /**
   * Temporary files of this user left by a crashed save hold tokens. Under the user's lock no other save of the user
   * can be writing one, so every one there is abandoned and goes now, not at the next start.
   */
  private void removeLeftovers(Path file) {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, "." + file.getFileName() + "*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not remove abandoned temporary files of {0}: {1}", file, e);
    }
  }

  private void moveAsideIfCorrupt(Path file, String user) {
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      refuseLink(file, user);
      TokenFileFormat.read(Files.readAllBytes(file), user);
    } catch (CorruptTokenFileException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
      try {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException moveFailed) {
        throw failure("Could not move the unusable token file " + file + " aside", user, moveFailed);
      }
      LOG.log(Level.WARNING, "token file of user ''{0}'' could not be used ({1}); kept as {2}", user,
          e.getMessage(), aside);
    } catch (IOException e) {
      throw failure("Could not read the token file " + file, user, e);
    }
  }

  private static void refuseLink(Path file, String user) {
    if (Files.isSymbolicLink(file)) {
      throw new TokenStoreException("The token file " + file + " of user '" + user + "' is a symbolic link, which "
          + "this store refuses (it could point tokens elsewhere). Replace it with a regular file or remove it.",
          user, null);
    }
  }

  private void syncFolder() {
    // Makes the rename itself durable. Not every platform can open a folder for this (Windows cannot): best effort.
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // the file's own content is already synced
    }
  }

  private static Path prepareFolder(Path folder) {
    try {
      if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(folder.getParent());
        try {
          Files.createDirectory(folder, ownerOnly(OWNER_FOLDER));
          return folder;
        } catch (FileAlreadyExistsException createdMeanwhile) {
          // another process starting on the same folder made it first: check what is there like any existing folder
        }
      }
      if (Files.isSymbolicLink(folder)) {
        throw new TokenStoreException("The token folder " + folder + " is a symbolic link, which this store "
            + "refuses (set token_persistence_path to the real folder).", null, null);
      }
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw new TokenStoreException("The token folder " + folder + " is a file, not a folder. Point "
            + "token_persistence_path at a folder.", null, null);
      }
      warnIfOthersCanRead(folder);
      return folder;
    } catch (IOException e) {
      throw failure("Could not create the token folder " + folder, null, e);
    }
  }

  private static void warnIfOthersCanRead(Path folder) throws IOException {
    if (POSIX) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
      if (!OWNER_FOLDER.containsAll(permissions)) {
        LOG.log(Level.WARNING, "token folder {0} is open to other users ({1}); chmod 700 it", folder,
            PosixFilePermissions.toString(permissions));
      }
    }
  }

  private void removeAbandonedTemporaryFiles() {
    Instant cutoff = Instant.now().minus(ABANDONED_TEMP_AGE);
    try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(folder, ".*.tmp")) {
      for (Path temporary : temporaries) {
        if (Files.getLastModifiedTime(temporary, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(temporary);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not clean abandoned temporary files in {0}: {1}", folder, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
  }

  private static TokenStoreException failure(String what, String user, IOException e) {
    String reason = e instanceof AccessDeniedException ? "permission denied (is the folder read-only, or owned by "
        + "another user?)" : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new TokenStoreException(what + (user == null ? "" : " of user '" + user + "'") + ": " + reason
        + ". What was stored before is unchanged.", user, e);
  }
}
