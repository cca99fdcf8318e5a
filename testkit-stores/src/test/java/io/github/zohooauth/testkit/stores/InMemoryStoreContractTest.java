package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceHandler;


/** The in-memory store against the store contract; every "instance" is the one store, as clients in one JVM share it. */
class InMemoryStoreContractTest extends TokenStoreContract {
  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();

  @Override
  protected TokenPersistenceHandler newStore() {
    return store;
  }

  @Override
  protected int leaseRaceRounds() {
    return 100_000;
  }
}
