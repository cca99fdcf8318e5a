/** Provider {@code memory}: makes core's in-memory token store selectable with {@code persistence=memory}. */
module io.github.zohooauth.persistence.memory {
  requires io.github.zohooauth.core;

  provides io.github.zohooauth.spi.TokenPersistenceProvider
      with io.github.zohooauth.persistence.memory.MemoryPersistenceProvider;
}
