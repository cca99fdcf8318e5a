package io.github.zohooauth.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Redis store's own promises: layout, identifiers, concurrency, secrets, an application's own connection. */
class RedisTokenPersistenceHandlerTest {
  private final String prefix = TestRedis.uniquePrefix();

  private static ZohoOAuthTokens tokens(String user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(accessToken).refreshToken("1000.refresh." + user)
        .expiresAt(Instant.ofEpochMilli(1_767_229_200_123L)).apiDomain("https://www.zohoapis.eu")
        .scope("ZohoCRM.modules.ALL").build();
  }

  @Test
  void tokensRoundTripWithAbsentFieldsAndAnyIdentifier() throws Exception {
    try (TokenPersistenceHandler store = new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(),
        prefix))) {
      List<String> users = List.of("jane@example.com", "Jane@example.com", "{braces}@x.com", "spa ce@x.com",
          "ünïcødé@例え.jp", "quote\"'`@x.com", "semi;colon:@x.com");
      for (String user : users) {
        store.save(tokens(user, "1000.a." + user.hashCode()));
      }
      ZohoOAuthTokens bare = ZohoOAuthTokens.builder().userIdentifier("bare@x.com").refreshToken("1000.r").build();
      store.save(bare);

      for (String user : users) {
        assertEquals(tokens(user, "1000.a." + user.hashCode()), store.load(user).orElseThrow(), user);
      }
      assertEquals(bare, store.load("bare@x.com").orElseThrow());
      assertFalse(store.load("jane@example.com ").isPresent(), "identifiers are exact");
      assertEquals(users.size() + 1, store.userIdentifiers().size());

      store.delete("{braces}@x.com");
      assertFalse(store.load("{braces}@x.com").isPresent());
      assertFalse(store.userIdentifiers().contains("{braces}@x.com"));
    }
  }

  @Test
  void eightThreadsSavingAThousandUsersLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (TokenPersistenceHandler store = new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(),
        prefix))) {
      List<Future<?>> saves = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        saves.add(pool.submit(() -> {
          for (int u = thread; u < 1_000; u += 8) {
            store.save(tokens("user" + u + "@example.com", "1000.t" + thread));
          }
        }));
      }
      for (Future<?> save : saves) {
        save.get();
      }

      assertEquals(1_000, store.userIdentifiers().size());
      assertEquals("1000.t3", store.load("user3@example.com").orElseThrow().accessToken());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefreshTokenHasNoTimeToLiveAndEveryKeyOfAUserSharesOneHashTag() throws Exception {
    try (RedisClient client = RedisClient.create(TestRedis.url());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisTokenPersistenceHandler store = RedisTokenPersistenceHandler.builder(connection).keyPrefix(prefix).build();
      store.save(tokens("jane@example.com", "1000.a"));
      store.tryLeaseRefresh("jane@example.com", Duration.ofSeconds(30)).orElseThrow(); // left held on purpose

      String hash = store.tokensKey("jane@example.com");
      assertEquals(-1L, connection.sync().ttl(hash), "no time to live on the hash");
      Map<String, String> fields = connection.sync().hgetall(hash);
      assertEquals("1000.refresh.jane@example.com", fields.get("refresh_token"));
      List<String> keys = connection.sync().keys(prefix + "*");
      String tag = hash.substring(hash.indexOf('{'), hash.indexOf('}') + 1);
      assertEquals(3, keys.size(), keys.toString());
      assertEquals(2, keys.stream().filter(key -> key.contains(tag)).count(), "the hash and the lease: " + keys);
      store.close();
      assertEquals("PONG", connection.sync().ping(), "the application's own connection stays open");
    }
  }

  @Test
  void aStoreOnTheApplicationsClientUsesItsAddressAndClosesOnlyItsOwnConnection() throws Exception {
    RedisURI database5 = RedisURI.create(TestRedis.url());
    database5.setDatabase(5);
    try (RedisClient client = RedisClient.create(database5)) {
      RedisTokenPersistenceHandler store = RedisTokenPersistenceHandler.builder(client, Duration.ofSeconds(2))
          .keyPrefix(prefix).build();
      store.save(tokens("jane@example.com", "1000.a"));
      try (StatefulRedisConnection<String, String> check = client.connect()) {
        assertEquals("1000.a", check.sync().hget(store.tokensKey("jane@example.com"), "access_token"),
            "the tokens are in the client's database");
        long before = clients(check);
        store.close();
        assertEquals(before - 1, clients(check), "closing the store closed its connection");
        TokenStoreException closed = assertThrows(TokenStoreException.class, () -> store.load("jane@example.com"));
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
        ConfigurationException badPrefix = assertThrows(ConfigurationException.class, () -> new RedisPersistenceProvider()
            .create(TestRedis.config(TestRedis.url(), "tokens{"), client));
        assertTrue(badPrefix.getMessage().contains("redis_key_prefix"), badPrefix.getMessage());
        assertEquals(before - 1, clients(check), "a refused prefix leaves no connection open");
        check.sync().del(store.tokensKey("jane@example.com"), prefix + "users");
      }
      try (StatefulRedisConnection<String, String> after = client.connect()) {
        assertEquals("PONG", after.sync().ping(), "the application's client still connects");
      }
    }
    try (RedisClient noAddress = RedisClient.create()) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> RedisTokenPersistenceHandler.builder(noAddress, Duration.ofSeconds(2)));
      assertTrue(error.getMessage().contains("RedisClient.create(uri)"), error.getMessage());
    }
  }

  /** The connections Redis has open on database 5, which only this test uses. */
  private static long clients(StatefulRedisConnection<String, String> connection) {
    return connection.sync().clientList().lines().filter(line -> line.contains(" db=5 ")).count();
  }

  @Test
  void aPasswordInTheUrlAppearsInNoErrorAndNoToString() throws Exception {
    TokenStoreException unreachable = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
        TokenStoreException.class, () -> new RedisPersistenceProvider().create(TestRedis.config(
            "redis://:S3cretPw@127.0.0.1:1/0", prefix))));
    assertFalse(unreachable.getMessage().contains("S3cretPw"), unreachable.getMessage());
    assertTrue(unreachable.getMessage().contains("redis://:****@127.0.0.1:1/0"), unreachable.getMessage());

    ConfigurationException malformed = assertThrows(ConfigurationException.class,
        () -> new RedisPersistenceProvider().create(TestRedis.config("http://:S3cretPw@host/0", prefix)));
    assertFalse(malformed.getMessage().contains("S3cretPw"), malformed.getMessage());

    try (TokenPersistenceHandler store = new RedisPersistenceProvider().create(TestRedis.config(TestRedis.url(),
        prefix))) {
      assertTrue(store.toString().contains(prefix), store.toString());
    }
  }

  @Test
  void anEmptyKeyPrefixIsRefusedInCodeAndInTheProperties() throws Exception {
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      for (String empty : new String[] {"", " "}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RedisTokenPersistenceHandler.builder(connection).keyPrefix(empty));
        assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
      }
    } finally {
      client.shutdown();
    }
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(RedisPersistenceProvider.REDIS_URL, TestRedis.url());
    properties.setProperty(RedisPersistenceProvider.REDIS_KEY_PREFIX, "");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> new RedisPersistenceProvider()
        .create(io.github.zohooauth.config.ConfigValues.of(properties, "test.properties")));
    assertTrue(e.getMessage().contains("redis_key_prefix") && e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void aLeaseKeyWithNoExpiryIsGivenTheLeaseTimeSoItIsTakenOverThen() throws Exception {
    Duration leaseTime = Duration.ofSeconds(30);
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect();
        RedisTokenPersistenceHandler store = RedisTokenPersistenceHandler.builder(connection).keyPrefix(prefix)
            .build()) {
      store.save(tokens("jane@example.com", "1000.a"));
      String lease = store.leaseKey("jane@example.com");
      connection.sync().set(lease, "left-by-hand"); // no expiry

      assertFalse(store.tryLeaseRefresh("jane@example.com", leaseTime).isPresent(), "it holds for now");
      // Given the lease time: Redis ends it then, as it ends the lease of a holder that died (the contract's
      // killed-holder cases show the take-over that follows), so no test needs to sleep through it.
      long ttl = connection.sync().pttl(lease);
      assertTrue(ttl > leaseTime.toMillis() / 2 && ttl <= leaseTime.toMillis(), "expires in " + ttl + " ms");
    } finally {
      client.shutdown();
    }
  }
}
