package io.github.zohooauth.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import io.github.zohooauth.testkit.stores.TokenStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The store on a Redis Cluster of three masters: its scripts run on each user's slot. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTest {
  private ThrowawayCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = ThrowawayCluster.start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private ConfigValues config(String prefix) {
    Properties properties = new Properties();
    properties.setProperty(RedisPersistenceProvider.REDIS_CLUSTER_NODES, cluster.nodes());
    properties.setProperty(RedisPersistenceProvider.REDIS_KEY_PREFIX, prefix);
    return ConfigValues.of(properties, "cluster.properties");
  }

  @Nested
  class Contract extends TokenStoreContract {
    private final String prefix = TestRedis.uniquePrefix();

    @Override
    protected TokenPersistenceHandler newStore() {
      return new RedisPersistenceProvider().create(config(prefix));
    }

    @Override
    protected boolean tellsOfRefreshes() {
      return true;
    }
  }

  @Test
  void fourInstancesOfSixteenThreadsRefreshAnExpiredUserOnceOnTheCluster() throws Exception {
    String user = "cluster@example.com";
    String prefix = TestRedis.uniquePrefix();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start();
        TokenPersistenceHandler store = new RedisPersistenceProvider().create(config(prefix))) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());

      List<String> tokens = RefreshStorm.run(4, 16, user, Map.of("client_id", zoho.clientId(), "client_secret",
          zoho.clientSecret(), "accounts_url", zoho.accountsUrl(), "persistence", "redis", "redis_cluster_nodes",
          cluster.nodes(), "redis_key_prefix", prefix));

      assertEquals(64, tokens.size());
      assertEquals(1, zoho.refreshRequestCount(user));
      assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), new HashSet<>(tokens));
    }
  }
}
