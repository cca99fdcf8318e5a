package io.github.zohooauth.persistence.file;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Set;

/**
 * Provider {@code file}. Keys:
 * <ul>
 *   <li>{@code token_persistence_path}: the folder (the Python SDK's key); default {@code ~/.zoho-oauth/tokens}.</li>
 *   <li>{@code oauth_tokens_file_path}: the old Java SDK's single token file. That file is left untouched (import it
 *       with the CLI); tokens are kept in the folder {@code <that path>.d} beside it.</li>
 *   <li>{@code token_persistence_lock_timeout_ms}: how long to wait for a user's lock; default 60000.</li>
 * </ul>
 */
public final class FilePersistenceProvider implements TokenPersistenceProvider {
  public static final String TOKEN_PERSISTENCE_PATH = "token_persistence_path";
  public static final String OAUTH_TOKENS_FILE_PATH = "oauth_tokens_file_path";
  public static final String LOCK_TIMEOUT_MS = "token_persistence_lock_timeout_ms";

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Set<String> configurationKeys() {
    return Set.of(TOKEN_PERSISTENCE_PATH, OAUTH_TOKENS_FILE_PATH, LOCK_TIMEOUT_MS);
  }

  @Override
  public TokenPersistenceHandler create(ConfigValues config) {
    Duration lockTimeout = Duration.ofMillis(config.getLong(LOCK_TIMEOUT_MS,
        FileTokenPersistenceHandler.DEFAULT_LOCK_TIMEOUT.toMillis(), 1, 3_600_000));
    return new FileTokenPersistenceHandler(folder(config), lockTimeout);
  }

  static Path folder(ConfigValues config) {
    String folder = config.get(TOKEN_PERSISTENCE_PATH);
    String legacyFile = config.get(OAUTH_TOKENS_FILE_PATH);
    if (folder != null && legacyFile != null) {
      throw new ConfigurationException("Both " + TOKEN_PERSISTENCE_PATH + " and " + OAUTH_TOKENS_FILE_PATH
          + " are set in " + config.source() + ". Keep " + TOKEN_PERSISTENCE_PATH + " (the folder for token files).");
    }
    if (folder != null) {
      return path(config, TOKEN_PERSISTENCE_PATH, folder);
    }
    if (legacyFile != null) {
      return path(config, OAUTH_TOKENS_FILE_PATH, legacyFile + ".d");
    }
    return Paths.get(System.getProperty("user.home"), ".zoho-oauth", "tokens");
  }

  private static Path path(ConfigValues config, String key, String value) {
    try {
      return Paths.get(value);
    } catch (InvalidPathException e) {
      throw config.invalid(key, "not a valid path (" + e.getReason() + ")", "Write a folder path.");
    }
  }
}
