package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.GrantNotStoredException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database goes down under a running application and comes back. Uses a MariaDB of its own (started from the
 * installed binaries), so stopping it disturbs nothing else.
 */
class DatabaseOutageTest {
  private static ThrowawayMariaDb database;

  @BeforeAll
  static void startDatabase() throws Exception {
    database = ThrowawayMariaDb.start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void cachedTokensAreServedWhileTheDatabaseIsDownGrantsAreNotOrphanedAndEverythingWorksAgainWhenItReturns() throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      ZohoOAuthClient client = ZohoOAuth.initialize(config(zoho, "jdbc:mysql://127.0.0.1:" + database.port()
          + "/zohooauth?user=root&password=&connectTimeout=2000&socketTimeout=5000&createDatabaseIfNotExist=true"));
      String token = client.generateAccessToken(zoho.issueGrantCode("jane@example.com")).accessToken();

      database.stop();

      assertEquals(token, client.getAccessToken("jane@example.com"), "a valid cached token needs no database");
      TokenStoreException load = assertThrows(TokenStoreException.class, () -> client.getAccessToken("joe@x.com"));
      assertTrue(load.getMessage().contains("joe@x.com"), load.getMessage());
      assertTrue(load.getMessage().contains("can be retried once the database answers"), load.getMessage());
      ZohoOAuthTokens other = ZohoOAuthTokens.builder().userIdentifier("joe@x.com").refreshToken("1000.r").build();
      assertThrows(TokenStoreException.class, () -> client.saveTokens(other));

      GrantNotStoredException grant = assertThrows(GrantNotStoredException.class,
          () -> client.generateAccessToken(zoho.issueGrantCode("new@x.com")));
      assertTrue(grant.refreshTokenRevoked());
      assertEquals(1, zoho.requestCount(Endpoint.REVOKE), "the orphaned refresh token is revoked at Zoho");
      assertTrue(grant.getMessage().contains("was revoked"), grant.getMessage());
      assertTrue(grant.getMessage().contains("authorize the user again"), grant.getMessage());
      assertEquals("new@x.com", grant.userIdentifier());

      database.restart();

      client.saveTokens(other); // the pool reconnects: no application restart
      assertEquals("1000.r", client.getTokens("joe@x.com").refreshToken());
      String second = client.generateAccessToken(zoho.issueGrantCode("joe@x.com")).accessToken();
      assertEquals(second, client.getAccessToken("joe@x.com"));
      client.close();
    }
  }

  @Test
  void initializeAgainstADatabaseThatIsDownIsAStoreFailureThatNamesItWithoutThePassword() throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      Properties config = config(zoho, "jdbc:mysql://127.0.0.1:1/zohooauth?connectTimeout=1000");
      config.setProperty("jdbc_username", "app");
      config.setProperty("jdbc_password", "pa55word-not-to-be-shown");

      TokenStoreException error = assertThrows(TokenStoreException.class, () -> ZohoOAuth.initialize(config));

      assertTrue(error.getMessage().contains("jdbc:mysql://127.0.0.1:1/zohooauth"), error.getMessage());
      assertTrue(error.getMessage().contains("as app"), error.getMessage());
      assertFalse(error.getMessage().contains("pa55word"), error.getMessage());
    }
  }

  @Test
  void initializeWithAPasswordTheDatabaseRefusesIsAConfigurationErrorNamingTheKeys() throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      String url = TestDatabases.mariaDb().replaceAll("[?&](user|password)=[^&]*", "").replaceFirst("^([^?]*)&", "$1?");
      Properties config = config(zoho, url);
      config.setProperty("jdbc_username", "root");
      config.setProperty("jdbc_password", "wrong-pa55word");

      ConfigurationException error = assertThrows(ConfigurationException.class, () -> ZohoOAuth.initialize(config));

      assertTrue(error.getMessage().contains("jdbc_password"), error.getMessage());
      assertFalse(error.getMessage().contains("wrong-pa55word"), error.getMessage());
    }
  }

  private static Properties config(FakeZohoAccountsServer zoho, String jdbcUrl) {
    Properties config = new Properties();
    config.setProperty("client_id", zoho.clientId());
    config.setProperty("client_secret", zoho.clientSecret());
    config.setProperty("redirect_uri", zoho.redirectUri());
    config.setProperty("accounts_url", zoho.accountsUrl());
    config.setProperty("persistence", "jdbc");
    config.setProperty("jdbc_url", jdbcUrl);
    return config;
  }
}
