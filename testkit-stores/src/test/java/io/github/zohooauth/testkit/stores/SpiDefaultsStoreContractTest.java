package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A third-party store that implements only load, save, delete and listing, and so gets the SPI's defaults for the
 * compare-and-set and the lease: the contract holds in one process, with leases that do not exclude other
 * instances.
 */
class SpiDefaultsStoreContractTest extends TokenStoreContract {
  private final Map<String, ZohoOAuthTokens> storage = new ConcurrentHashMap<>();

  @Override
  protected TokenPersistenceHandler newStore() {
    return new MapStore(storage);
  }

  @Override
  protected boolean leasesAreShared() {
    return false;
  }

  /** What a minimal third-party store looks like. */
  static final class MapStore implements TokenPersistenceHandler {
    private final Map<String, ZohoOAuthTokens> tokens;

    MapStore(Map<String, ZohoOAuthTokens> tokens) {
      this.tokens = tokens;
    }

    /** One per map, as a store author tells apart instances that hold different users. */
    @Override
    public String namespace() {
      return "map:" + System.identityHashCode(tokens);
    }

    @Override
    public Optional<ZohoOAuthTokens> load(String userIdentifier) {
      return Optional.ofNullable(tokens.get(userIdentifier));
    }

    @Override
    public void save(ZohoOAuthTokens saved) {
      tokens.put(saved.userIdentifier(), saved);
    }

    @Override
    public void delete(String userIdentifier) {
      tokens.remove(userIdentifier);
    }

    @Override
    public List<String> userIdentifiers() {
      List<String> users = new ArrayList<>(tokens.keySet());
      Collections.sort(users);
      return users;
    }
  }
}
