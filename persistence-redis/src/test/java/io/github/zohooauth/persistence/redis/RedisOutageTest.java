package io.github.zohooauth.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Redis stopped and started again, on a throwaway server of this test's own (never the machine's). */
class RedisOutageTest {

  @Test
  void whileRedisIsDownCachedTokensAreServedOtherCallsFailFastAndAllRecoversWithoutARestart() throws Exception {
    try (TestRedis.Throwaway redis = TestRedis.Throwaway.start();
        FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      Properties config = new Properties();
      config.setProperty("client_id", zoho.clientId());
      config.setProperty("client_secret", zoho.clientSecret());
      config.setProperty("redirect_uri", zoho.redirectUri());
      config.setProperty("accounts_url", zoho.accountsUrl());
      config.setProperty("persistence", "redis");
      config.setProperty("redis_url", redis.url());
      config.setProperty("redis_timeout_ms", "1000");
      try (ZohoOAuthClient client = ZohoOAuth.initialize(config)) {
        String token = client.generateAccessToken(zoho.issueGrantCode("jane@example.com"), "jane@example.com")
            .accessToken();

        redis.stop();
        assertEquals(token, client.getAccessToken("jane@example.com"), "a cached valid token needs no Redis");
        TokenStoreException down = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
            TokenStoreException.class, client::getUserIdentifiers));
        assertTrue(down.getMessage().contains(redis.url()), down.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(TokenStoreException.class,
            () -> client.generateAccessToken(zoho.issueGrantCode("joe@example.com"), "joe@example.com")));

        redis.restart(); // empty: the throwaway keeps nothing on disk
        ZohoOAuthTokens again = waitForRedis(() -> client.generateAccessToken(
            zoho.issueGrantCode("joe@example.com"), "joe@example.com"));
        assertEquals(again.accessToken(), client.getAccessToken("joe@example.com"));
        assertEquals(List.of("joe@example.com"), client.getUserIdentifiers());
      }
    }
  }

  /** Lettuce reconnects in the background; the first calls after a restart may still find it reconnecting. */
  private static <T> T waitForRedis(java.util.function.Supplier<T> call) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (TokenStoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
