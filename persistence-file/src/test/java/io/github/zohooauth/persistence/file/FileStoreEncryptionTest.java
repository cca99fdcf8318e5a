package io.github.zohooauth.persistence.file;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenEncryptionContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest in the file store: the storage read is the bytes of the user's file on disk. */
class FileStoreEncryptionTest extends TokenEncryptionContract {
  @TempDir
  Path dir;

  @Override
  protected TokenPersistenceHandler newStore() {
    return new FileTokenPersistenceHandler(dir.resolve("tokens"));
  }

  @Override
  protected TokenPersistenceHandler newStoreInAnotherNamespace() {
    return new FileTokenPersistenceHandler(dir.resolve("other-tokens"));
  }

  @Override
  protected String storedBytes(String user) throws Exception {
    Path file = dir.resolve("tokens").resolve(UserFileNames.tokenFile(user));
    return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
  }
}
