package io.github.zohooauth.persistence.file;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store against the store contract: every "instance" is a new store over the same folder on disk. */
class FileStoreContractTest extends TokenStoreContract {
  @TempDir
  Path dir;

  @Override
  protected TokenPersistenceHandler newStore() {
    return new FileTokenPersistenceHandler(dir.resolve("tokens"));
  }

  /** The lease is an OS lock: it ends with its process, never while the holder lives. */
  @Override
  protected boolean leasesRunOut() {
    return false;
  }

  /** The folder is watched (inotify on Linux): a write by any process on this host is heard. */
  @Override
  protected boolean tellsOfRefreshes() {
    return true;
  }
}
