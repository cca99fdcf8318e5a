/**
 * Provider {@code redis}: tokens in Redis (standalone, Sentinel or Cluster) through Lettuce, safe across
 * application instances.
 */
module io.github.zohooauth.persistence.redis {
  requires transitive io.github.zohooauth.core;
  requires transitive lettuce.core;

  exports io.github.zohooauth.persistence.redis;

  provides io.github.zohooauth.spi.TokenPersistenceProvider
      with io.github.zohooauth.persistence.redis.RedisPersistenceProvider;
}
