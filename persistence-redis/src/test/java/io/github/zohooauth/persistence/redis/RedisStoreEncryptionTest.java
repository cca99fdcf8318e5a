package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenEncryptionContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.TreeMap;

/** Encryption at rest in the Redis store: the storage read is the user's hash, by HGETALL. */
class RedisStoreEncryptionTest extends TokenEncryptionContract {
  private final String prefix = TestRedis.uniquePrefix();

  @Override
  protected TokenPersistenceHandler newStore() throws Exception {
    return new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(), prefix));
  }

  @Override
  protected TokenPersistenceHandler newStoreInAnotherNamespace() throws Exception {
    return new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(), prefix + "other:"));
  }

  @Override
  protected String storedBytes(String user) throws Exception {
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect();
        RedisTokenPersistenceHandler keys = RedisTokenPersistenceHandler.builder(connection).keyPrefix(prefix)
            .build()) {
      Map<String, String> hash = new TreeMap<>(connection.sync().hgetall(keys.tokensKey(user)));
      return hash.toString();
    } finally {
      client.shutdown();
    }
  }
}
