package io.github.zohooauth.spi;

import io.github.zohooauth.config.ConfigValues;
import java.util.Set;

/**
 * Creates a {@link TokenPersistenceHandler} from configuration. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in {@code META-INF/services/io.github.zohooauth.spi.TokenPersistenceProvider}.
 */
public interface TokenPersistenceProvider {

  /** The name the {@code persistence} key selects this store by, such as {@code file}. */
  String name();

  /** The configuration keys this store reads, so that they are not reported as unknown. */
  default Set<String> configurationKeys() {
    return Set.of();
  }

  /**
   * Creates the store. Bad or missing values fail with {@link ConfigValues#invalid} or {@link ConfigValues#require},
   * which name the key and the file.
   */
  TokenPersistenceHandler create(ConfigValues config);
}
