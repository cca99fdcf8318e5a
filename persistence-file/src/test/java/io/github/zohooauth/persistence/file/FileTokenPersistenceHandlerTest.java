package io.github.zohooauth.persistence.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store on a real disk, in one process. */
class FileTokenPersistenceHandlerTest {
  @TempDir
  Path dir;

  static ZohoOAuthTokens tokens(String user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(accessToken).refreshToken("1000.refresh." + user)
        .expiresAt(Instant.parse("2026-01-01T01:00:00Z")).apiDomain("https://www.zohoapis.eu").scope("ZohoCRM.modules.ALL")
        .build();
  }

  @Test
  void savedTokensLoadBackEqualAndDeleteRemovesThem() {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir.resolve("tokens"));
    ZohoOAuthTokens saved = tokens("jane@example.com", "1000.a");

    store.save(saved);
    assertEquals(saved, store.load("jane@example.com").orElseThrow());
    assertEquals(saved, new FileTokenPersistenceHandler(dir.resolve("tokens")).load("jane@example.com").orElseThrow());

    store.delete("jane@example.com");
    assertFalse(store.load("jane@example.com").isPresent());
    store.delete("jane@example.com"); // deleting what is not there is fine
  }

  @Test
  void storedUsersAreListedSorted() {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("joe@example.com", "1000.j"));
    store.save(tokens("ann@example.com", "1000.a"));

    assertEquals(List.of("ann@example.com", "joe@example.com"), store.userIdentifiers());
  }

  @Test
  void theFileIsVersionedHumanReadableJsonAndTheOnlyFileLeft() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    store.save(tokens("jane@example.com", "1000.b"));

    List<Path> files = tokenFiles(dir);
    assertEquals(1, files.size(), files.toString());
    String json = Files.readString(files.get(0));
    assertTrue(json.contains("\"format\" : 1"), json);
    assertTrue(json.contains("\"user_identifier\" : \"jane@example.com\""), json);
    assertTrue(json.contains("\"expires_at\" : \"2026-01-01T01:00:00Z\""), json);
    assertTrue(json.contains("\"access_token\" : \"1000.b\""), json);
    assertTrue(files.get(0).getFileName().toString().startsWith("jane@example.com-"), files.toString());
  }

  @Test
  void folderIsCreatedOwnerOnlyAndFilesAreOwnerOnly() throws Exception {
    Path folder = dir.resolve("a/b/tokens");
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(folder);
    store.save(tokens("jane@example.com", "1000.a"));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFiles(folder).get(0))));
    store.tryLeaseRefresh("jane@example.com", Duration.ofMinutes(1)).orElseThrow().close();
    try (DirectoryStream<Path> locks = Files.newDirectoryStream(folder.resolve(".locks"))) {
      int seen = 0;
      for (Path lock : locks) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)), lock.toString());
        seen++;
      }
      assertEquals(2, seen, "the user's lock file and lease file");
    }
  }

  @Test
  void aTemporaryFileLeftByACrashedSaveIsRemovedByTheUsersNextSave() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    Path file = tokenFiles(dir).get(0);
    Path leftover = Files.writeString(dir.resolve("." + file.getFileName() + "123456.tmp"), "{\"access_token\":...");
    Path otherUsers = Files.writeString(dir.resolve(".someone-else.json987.tmp"), "{}");

    store.save(tokens("jane@example.com", "1000.b"));

    assertFalse(Files.exists(leftover), "a token-bearing temporary file of this user lingered");
    assertTrue(Files.exists(otherUsers), "another user's file may still be being written");
  }

  @Test
  void identifiersCannotEscapeTheFolderOrCollide() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir.resolve("tokens"));
    List<String> users = List.of("../../etc/passwd", "a/b\\c", "Jane@Example.com", "jane@example.com", "..", ".",
        "x".repeat(2_000), "名前@例え.jp", "o'brien@x.com", "x'); DROP TABLE oauthtokens;--");

    for (String user : users) {
      store.save(tokens(user, "1000." + user.hashCode()));
    }

    for (String user : users) {
      assertEquals("1000." + user.hashCode(), store.load(user).orElseThrow().accessToken(), user);
    }
    assertEquals(users.size(), tokenFiles(dir.resolve("tokens")).size());
    try (Stream<Path> outside = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("tokens")), outside.collect(Collectors.toList()));
    }
  }

  @Test
  void symlinkedFolderAndFilesAreRefused() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    TokenStoreException folderError = assertThrows(TokenStoreException.class, () -> new FileTokenPersistenceHandler(link));
    assertTrue(folderError.getMessage().contains("symbolic link"), folderError.getMessage());

    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(real);
    store.save(tokens("jane@example.com", "1000.a"));
    Path file = tokenFiles(real).get(0);
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), "{}");
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);

    assertThrows(TokenStoreException.class, () -> store.load("jane@example.com"));
    assertThrows(TokenStoreException.class, () -> store.save(tokens("jane@example.com", "1000.b")));
    assertEquals("{}", Files.readString(elsewhere), "the link's target must not be written through");
  }

  @Test
  void corruptFileIsReportedAndKeptAndOtherUsersKeepWorking() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    store.save(tokens("joe@example.com", "1000.j"));
    Path janes = tokenFiles(dir).stream().filter(p -> p.getFileName().toString().startsWith("jane")).findFirst()
        .orElseThrow();
    byte[] corrupt = "{\"format\":1,\"user_identifier\":\"jane@exa".getBytes(StandardCharsets.UTF_8);
    Files.write(janes, corrupt);

    TokenStoreException error = assertThrows(TokenStoreException.class, () -> store.load("jane@example.com"));

    assertTrue(error.getMessage().contains(janes.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("jane@example.com"), error.getMessage());
    assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
    assertArrayEquals(corrupt, Files.readAllBytes(janes), "the corrupt file must be kept as it is");
    assertEquals("1000.j", store.load("joe@example.com").orElseThrow().accessToken());
  }

  @Test
  void aSaveOverACorruptFileMovesItAsideFirst() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    Path file = tokenFiles(dir).get(0);
    Files.writeString(file, "garbage");

    store.save(tokens("jane@example.com", "1000.b"));

    assertEquals("1000.b", store.load("jane@example.com").orElseThrow().accessToken());
    try (Stream<Path> files = Files.list(dir)) {
      Path aside = files.filter(p -> p.getFileName().toString().contains(".corrupt-")).findFirst().orElseThrow();
      assertEquals("garbage", Files.readString(aside));
    }
  }

  @Test
  void aFileFromANewerFormatIsRefusedWithAnUpgradeHint() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    Path file = tokenFiles(dir).get(0);
    Files.writeString(file, Files.readString(file).replace("\"format\" : 1", "\"format\" : 2"));

    TokenStoreException error = assertThrows(TokenStoreException.class, () -> store.load("jane@example.com"));

    assertTrue(error.getMessage().contains("newer"), error.getMessage());
  }

  @Test
  void storesStartingTogetherOnANewFolderAllSucceed() throws Exception {
    Path folder = dir.resolve("new");
    int starters = 16;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<FileTokenPersistenceHandler>> stores = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(starters);
    for (int i = 0; i < starters; i++) {
      stores.add(CompletableFuture.supplyAsync(() -> {
        await(go);
        return new FileTokenPersistenceHandler(folder);
      }, threads));
    }
    go.countDown();

    for (CompletableFuture<FileTokenPersistenceHandler> store : stores) {
      store.get(10, TimeUnit.SECONDS).save(tokens("jane@example.com", "1000.a"));
    }
    threads.shutdown();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFolderPathThatIsAFileIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    TokenStoreException error = assertThrows(TokenStoreException.class, () -> new FileTokenPersistenceHandler(file));

    assertTrue(error.getMessage().contains("is a file"), error.getMessage());
  }

  @Test
  void aSecondThreadWaitsForTheLockAndGivesUpClearlyAfterTheTimeout() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir, Duration.ofMillis(300));
    store.save(tokens("jane@example.com", "1000.a"));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Path lockFile = store.folder().resolve(".locks").resolve(UserFileNames.lockFile("jane@example.com"));
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() ->
        new UserLocks(Duration.ofSeconds(10)).withLock(lockFile, "jane@example.com", () -> {
          holding.countDown();
          await(release);
          return null;
        }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));

    TokenStoreException error = assertThrows(TokenStoreException.class,
        () -> store.save(tokens("jane@example.com", "1000.b")));

    assertTrue(error.getMessage().contains("within 300 ms"), error.getMessage());
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
    assertEquals("1000.a", store.load("jane@example.com").orElseThrow().accessToken());
  }

  @Test
  void aReplaceThatFindsTheExpectedTokensGoneWritesNothing() throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(dir);
    store.save(tokens("jane@example.com", "1000.a"));
    Path file = tokenFiles(dir).get(0);
    var modified = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L); // any write would change it
    Files.setLastModifiedTime(file, modified);

    assertFalse(store.replace(tokens("jane@example.com", "1000.other"), tokens("jane@example.com", "1000.new")));
    assertEquals(modified, Files.getLastModifiedTime(file), "nothing to save, nothing written");

    assertTrue(store.replace(tokens("jane@example.com", "1000.a"), tokens("jane@example.com", "1000.new")));
    assertEquals("1000.new", store.load("jane@example.com").orElseThrow().accessToken());
    assertNotEquals(modified, Files.getLastModifiedTime(file));
  }

  @Test
  void aReadOnlyFolderFailsTheSaveClearlyAndKeepsWhatWasStored() throws Exception {
    Path folder = dir.resolve("tokens");
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(folder);
    store.save(tokens("jane@example.com", "1000.a"));
    ReadOnlyFolder readOnly = ReadOnlyFolder.make(folder);
    try {
      TokenStoreException error = assertThrows(TokenStoreException.class,
          () -> store.save(tokens("jane@example.com", "1000.b")));

      assertTrue(error.getMessage().contains("Could not write the token file"), error.getMessage());
      assertTrue(error.getMessage().contains("unchanged"), error.getMessage());
      assertEquals("1000.a", store.load("jane@example.com").orElseThrow().accessToken());
    } finally {
      readOnly.undo();
    }
  }

  /** A folder nobody may write to, root included: chattr +i as root (root ignores mode bits), chmod 500 otherwise. */
  private static final class ReadOnlyFolder {
    private final Path folder;
    private final boolean immutable;

    private ReadOnlyFolder(Path folder, boolean immutable) {
      this.folder = folder;
      this.immutable = immutable;
    }

    static ReadOnlyFolder make(Path folder) throws Exception {
      if ("root".equals(System.getProperty("user.name"))) {
        Process chattr = new ProcessBuilder("chattr", "+i", folder.toString()).inheritIO().start();
        if (chattr.waitFor() != 0) {
          throw new AssertionError("as root this test needs 'chattr +i' (e2fsprogs, on ext4 or similar) to make "
              + folder + " read-only; it failed. Run the tests as a normal user, or on such a file system.");
        }
        return new ReadOnlyFolder(folder, true);
      }
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
      return new ReadOnlyFolder(folder, false);
    }

    void undo() throws Exception {
      if (immutable) {
        new ProcessBuilder("chattr", "-i", folder.toString()).inheritIO().start().waitFor();
      } else {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  static List<Path> tokenFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
  }
}
