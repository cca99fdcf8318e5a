package io.github.zohooauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.micrometer.ZohoOAuthMetrics;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.persistence.jdbc.TestDatabases;
import io.github.zohooauth.persistence.redis.RedisTokenPersistenceHandler;
import io.github.zohooauth.persistence.redis.TestRedis;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The starter in real Spring contexts, against the testkit's fake Zoho. */
class ZohoOAuthAutoConfigurationTest {
  private static final FakeZohoAccountsServer ZOHO = FakeZohoAccountsServer.start();
  private static final String USER = "jane@example.com";

  private final ApplicationContextRunner contexts = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ZohoOAuthAutoConfiguration.class))
      .withPropertyValues("zoho.oauth.client-id=" + ZOHO.clientId(), "zoho.oauth.client-secret=" + ZOHO.clientSecret(),
          "zoho.oauth.redirect-uri=" + ZOHO.redirectUri(), "zoho.oauth.accounts-url=" + ZOHO.accountsUrl());

  private static String mariaDb() {
    try {
      return TestDatabases.mariaDb();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    ZOHO.close();
  }

  @Test
  void propertiesAloneMakeTheClientBeanWhichGetClientInstanceReturnsAndTheContextCloses() {
    contexts.withPropertyValues("zoho.oauth.persistence=memory", "zoho.oauth.current-user-email=" + USER)
        .run(context -> {
          ZohoOAuthClient client = context.getBean(ZohoOAuthClient.class);
          assertSame(client, ZohoOAuth.getClientInstance());
          client.generateAccessToken(ZOHO.issueGrantCode(USER), USER);
          assertEquals(client.getTokens(USER).accessToken(), client.getAccessToken(), "current-user-email applies");
        });
  }

  @Test
  void persistenceJdbcWithNoUrlUsesTheApplicationsDataSourceAndTheKeyEncryptsTheRow() throws Exception {
    String table = "oauthtokens_starter_" + System.nanoTime();
    String key = Base64.getEncoder().encodeToString("a 32-byte key for this test only".getBytes(
        StandardCharsets.UTF_8));
    contexts.withPropertyValues("zoho.oauth.persistence=jdbc", "zoho.oauth.jdbc-table=" + table,
            "zoho.oauth.token-encryption-key=" + key)
        .withBean(DataSource.class, () -> {
          HikariDataSource pool = new HikariDataSource();
          pool.setJdbcUrl(mariaDb());
          pool.setPoolName("the-application-pool");
          return pool;
        })
        .run(context -> {
          ZohoOAuthClient client = context.getBean(ZohoOAuthClient.class);
          assertTrue(client.tokenStore() instanceof JdbcTokenPersistenceHandler, client.tokenStore().toString());
          assertTrue(client.tokenStore().toString().contains(table), client.tokenStore().toString());
          client.generateAccessToken(ZOHO.issueGrantCode(USER), USER);
          assertTrue(client.tokenStore().load(USER).orElseThrow().accessToken().startsWith("zoho-oauth-enc:v2:"),
              "the row holds the token encrypted");
          assertTrue(client.getTokens(USER).accessToken().startsWith("1000."), "the client reads it plain");
          try (var connection = context.getBean(DataSource.class).getConnection()) {
            connection.createStatement().execute("DROP TABLE " + table);
          }
        });
  }

  @Test
  void persistenceRedisWithNoUrlUsesTheApplicationsLettuceConnectionFactory() throws Exception {
    String prefix = TestRedis.uniquePrefix();
    contexts.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.url=" + TestRedis.url(), "spring.data.redis.database=6",
            "zoho.oauth.persistence=redis", "zoho.oauth.redis-key-prefix=" + prefix)
        .run(context -> {
          ZohoOAuthClient client = context.getBean(ZohoOAuthClient.class);
          assertTrue(client.tokenStore() instanceof RedisTokenPersistenceHandler, client.tokenStore().toString());
          assertTrue(client.tokenStore().toString().contains("the application's Redis client"),
              client.tokenStore().toString());
          client.generateAccessToken(ZOHO.issueGrantCode(USER), USER);
          // The application's template reads the token where its own settings point: database 6.
          StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
          String key = prefix + "{" + Base64.getUrlEncoder().withoutPadding().encodeToString(
              USER.getBytes(StandardCharsets.UTF_8)) + "}:tokens";
          assertEquals(client.getTokens(USER).accessToken(), redis.opsForHash().get(key, "access_token"));
          redis.delete(List.of(key, prefix + "users"));
        });
  }

  @Test
  void aRedisKeyPrefixSpringCannotUseIsAnErrorNamingTheKey() throws Exception {
    contexts.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.url=" + TestRedis.url(), "zoho.oauth.persistence=redis",
            "zoho.oauth.redis-key-prefix=tokens{")
        .run(context -> {
          Throwable failure = context.getStartupFailure();
          while (failure != null && !(failure instanceof ConfigurationException)) {
            failure = failure.getCause();
          }
          assertTrue(failure != null && failure.getMessage().contains("redis_key_prefix"),
              String.valueOf(context.getStartupFailure()));
        });
  }

  @Test
  void theHealthIndicatorReportsTheStoreAndTheMetersAreBound() {
    contexts.withPropertyValues("zoho.oauth.persistence=memory")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          HealthIndicator health = context.getBean("zohoOAuthHealthIndicator", HealthIndicator.class);
          assertEquals(Status.UP, health.health().getStatus());
          ZohoOAuthClient client = context.getBean(ZohoOAuthClient.class);
          client.generateAccessToken(ZOHO.issueGrantCode(USER), USER);
          client.refreshAccessToken(USER, client.getAccessToken(USER));
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          while (registry.find(ZohoOAuthMetrics.REJECTIONS).counter().count() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          assertEquals(1, registry.find(ZohoOAuthMetrics.REJECTIONS).counter().count());
          assertEquals(1, registry.get(ZohoOAuthMetrics.CACHE_SIZE).gauge().value());
        });
  }
}
