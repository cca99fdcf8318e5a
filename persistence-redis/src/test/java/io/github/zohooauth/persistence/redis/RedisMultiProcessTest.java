package io.github.zohooauth.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.KilledLeaseHolder;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import io.github.zohooauth.testkit.stores.RefusedTokenFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several application instances (JVMs) sharing one Redis refresh each user once. */
class RedisMultiProcessTest {
  private final String prefix = TestRedis.uniquePrefix();

  private Map<String, String> config(FakeZohoAccountsServer zoho) throws Exception {
    return Map.of("client_id", zoho.clientId(), "client_secret", zoho.clientSecret(), "accounts_url",
        zoho.accountsUrl(), "persistence", "redis", "redis_url", TestRedis.url(), "redis_key_prefix", prefix);
  }

  private TokenPersistenceHandler store() throws Exception {
    return new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(), prefix));
  }

  @Test
  void fourInstancesOfSixteenThreadsRefreshAnExpiredUserOnce() throws Exception {
    String user = "shared@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); TokenPersistenceHandler store = store()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300)); // the others arrive while the first holds the lease
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());

      List<String> tokens = RefreshStorm.run(4, 16, user, config(zoho));

      assertEquals(64, tokens.size());
      assertEquals(1, zoho.refreshRequestCount(user), "refresh requests from 4 instances x 16 threads");
      assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), new HashSet<>(tokens));
    }
  }

  @Test
  void fourInstancesThatCachedATokenZohoKilledRecoverWithOneRefresh() throws Exception {
    String user = "killed-token@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); TokenPersistenceHandler store = store()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.unused")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());
      RefreshStorm.run(1, 1, user, config(zoho)); // one live token in the store, as after a refresh
      int before = zoho.refreshRequestCount(user);

      RefusedTokenFleet.Result result = RefusedTokenFleet.run(4, 16, user, config(zoho),
          () -> zoho.invalidateAccessTokens(user));

      assertEquals(List.of(), result.errors);
      assertEquals(1, result.cachedBefore.size(), "every instance had cached the same token");
      assertEquals(Collections.nCopies(64, 200), result.statuses);
      assertEquals(1, zoho.refreshRequestCount(user) - before, "refresh requests from 4 instances x 16 threads");
      assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), result.tokensAfter);
    }
  }

  @Test
  void anInstanceKilledWhileHoldingTheLeaseDelaysTheOthersOnlyUntilTheLeaseRunsOut() throws Exception {
    String user = "killed@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); TokenPersistenceHandler store = store()) {
      KilledLeaseHolder.Result result = KilledLeaseHolder.run(zoho, store, user, config(zoho));

      assertNotEquals(KilledLeaseHolder.EXPIRED_TOKEN, result.survivorToken);
      assertEquals(result.survivorToken, result.storedToken);
      assertEquals(2, result.refreshRequests, "the dead holder's request, then the survivor's");
    }
  }
}
