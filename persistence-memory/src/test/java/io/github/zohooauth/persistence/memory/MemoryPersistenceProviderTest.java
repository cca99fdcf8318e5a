package io.github.zohooauth.persistence.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.FakeZohoAccountsServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeZohoAccountsServerExtension.class)
class MemoryPersistenceProviderTest {
  /** The system property that names the configuration file, as the README documents it. */
  private static final String CONFIG_PROPERTY = "zoho.oauth.config";

  @AfterEach
  void clearSystemProperty() {
    System.clearProperty(CONFIG_PROPERTY);
  }

  @Test
  void serviceLoaderFindsTheMemoryStore() {
    ServiceLoader<TokenPersistenceProvider> providers = ServiceLoader.load(TokenPersistenceProvider.class);

    assertEquals("memory", providers.stream().map(p -> p.get().name()).collect(Collectors.joining(",")));
  }

  @Test
  void initializeFromPropertiesPicksTheOnlyStoreAndServesTokens(FakeZohoAccountsServer zoho) {
    Properties properties = new Properties();
    properties.setProperty("client_id", zoho.clientId());
    properties.setProperty("client_secret", zoho.clientSecret());
    properties.setProperty("redirect_uri", zoho.redirectUri());
    properties.setProperty("accounts_url", zoho.accountsUrl());

    ZohoOAuthClient client = ZohoOAuth.initialize(properties);
    String user = client.generateAccessToken(zoho.issueGrantCode("a@example.com")).userIdentifier();

    assertSame(client, ZohoOAuth.getClientInstance());
    assertEquals(client.getTokens(user).accessToken(), ZohoOAuth.getClientInstance().getAccessToken(user));
    assertTrue(client.toString().contains("InMemoryTokenPersistenceHandler"));
  }

  @Test
  void initializeFromTheFileTheSystemPropertyNamesWithTheStoreNamed(FakeZohoAccountsServer zoho, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("oauth_configuration.properties");
    Files.writeString(file, "client_id=" + zoho.clientId() + "\nclient_secret=" + zoho.clientSecret()
        + "\nredirect_uri=" + zoho.redirectUri() + "\naccounts_url=" + zoho.accountsUrl()
        + "\npersistence=memory\ncurrentUserEmail=me@example.com\n");
    System.setProperty(CONFIG_PROPERTY, file.toString());

    ZohoOAuthClient client = ZohoOAuth.initialize();
    client.generateAccessToken(zoho.issueGrantCode("me@example.com"));

    assertEquals(client.getTokens("me@example.com").accessToken(), client.getAccessToken());
  }

  @Test
  void initializingAgainReplacesTheClient(FakeZohoAccountsServer zoho) {
    Properties properties = new Properties();
    properties.setProperty("client_id", zoho.clientId());
    properties.setProperty("client_secret", zoho.clientSecret());
    properties.setProperty("accounts_url", zoho.accountsUrl());

    ZohoOAuthClient first = ZohoOAuth.initialize(properties);
    ZohoOAuthClient second = ZohoOAuth.initialize(properties);

    assertSame(second, ZohoOAuth.getClientInstance());
    assertTrue(first != second);
  }
}
