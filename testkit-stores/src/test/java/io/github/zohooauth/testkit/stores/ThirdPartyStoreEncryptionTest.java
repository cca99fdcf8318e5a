package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Encryption at rest on a third-party store that knows nothing of it (load, save, delete and listing only). */
class ThirdPartyStoreEncryptionTest extends TokenEncryptionContract {
  private final Map<String, ZohoOAuthTokens> storage = new ConcurrentHashMap<>();
  private final Map<String, ZohoOAuthTokens> otherStorage = new ConcurrentHashMap<>();

  @Override
  protected TokenPersistenceHandler newStore() {
    return new SpiDefaultsStoreContractTest.MapStore(storage);
  }

  @Override
  protected TokenPersistenceHandler newStoreInAnotherNamespace() {
    return new SpiDefaultsStoreContractTest.MapStore(otherStorage);
  }

  @Override
  protected boolean leasesAreShared() {
    return false;
  }

  @Override
  protected String storedBytes(String user) {
    ZohoOAuthTokens stored = storage.get(user);
    return stored == null ? "" : String.join("|", stored.userIdentifier(), stored.accessToken(),
        stored.refreshToken(), stored.expiresAt().toString(), String.valueOf(stored.apiDomain()),
        String.valueOf(stored.scope()));
  }
}
