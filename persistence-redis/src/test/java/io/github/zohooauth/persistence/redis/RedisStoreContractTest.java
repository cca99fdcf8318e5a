package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenStoreContract;

/** The store contract on a real Redis, each test under a key prefix of its own. */
class RedisStoreContractTest extends TokenStoreContract {
  private final String prefix = TestRedis.uniquePrefix();

  @Override
  protected TokenPersistenceHandler newStore() throws Exception {
    return new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(), prefix));
  }

  @Override
  protected boolean tellsOfRefreshes() {
    return true;
  }
}
