package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.persistence.file.FileTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The baseline for the cross-process storm: the file store without its cross-process lease. It keeps the SPI's
 * defaults for {@code replace} and {@code tryLeaseRefresh}, which is what a third-party store gets. Named by
 * {@code persistence_handler_class} in the child JVMs.
 */
public final class UnlockedFileStore implements TokenPersistenceHandler {
  private final FileTokenPersistenceHandler files;

  public UnlockedFileStore(ConfigValues config) {
    this.files = new FileTokenPersistenceHandler(Paths.get(config.require("token_persistence_path", "")));
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    return files.load(userIdentifier);
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    files.save(tokens);
  }

  @Override
  public void delete(String userIdentifier) {
    files.delete(userIdentifier);
  }
}
