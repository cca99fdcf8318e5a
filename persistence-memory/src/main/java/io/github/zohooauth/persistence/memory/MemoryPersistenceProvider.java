package io.github.zohooauth.persistence.memory;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;

/**
 * Provider {@code memory}: tokens kept in this process only, lost on restart. For tests and single-instance apps
 * that can send users through authorization again. The store itself is core's
 * {@link InMemoryTokenPersistenceHandler}; this artifact makes it selectable with {@code persistence=memory}.
 */
public final class MemoryPersistenceProvider implements TokenPersistenceProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public TokenPersistenceHandler create(ConfigValues config) {
    return new InMemoryTokenPersistenceHandler();
  }
}
