package io.github.zohooauth.persistence.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.FakeZohoAccountsServerExtension;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeZohoAccountsServerExtension.class)
class FilePersistenceProviderTest {
  @TempDir
  Path dir;

  @Test
  void initializeWithPersistenceFileStoresTokensInTheConfiguredFolder(FakeZohoAccountsServer zoho) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("client_id", zoho.clientId());
    properties.setProperty("client_secret", zoho.clientSecret());
    properties.setProperty("redirect_uri", zoho.redirectUri());
    properties.setProperty("accounts_url", zoho.accountsUrl());
    properties.setProperty("persistence", "file");
    properties.setProperty("token_persistence_path", dir.resolve("tokens").toString());

    ZohoOAuthClient client = ZohoOAuth.initialize(properties);
    String user = client.generateAccessToken(zoho.issueGrantCode("a@example.com")).userIdentifier();

    assertEquals(client.getAccessToken(user),
        new FileTokenPersistenceHandler(dir.resolve("tokens")).load(user).orElseThrow().accessToken());
    client.close();
  }

  @Test
  void theOldJavaSdksTokenFilePathKeepsTheFileAndUsesAFolderBesideIt() {
    assertEquals(dir.resolve("zoho_tokens.txt.d"),
        FilePersistenceProvider.folder(values("oauth_tokens_file_path", dir.resolve("zoho_tokens.txt").toString())));
  }

  @Test
  void withNoPathTheFolderIsInTheHomeDirectory() {
    assertEquals(Paths.get(System.getProperty("user.home"), ".zoho-oauth", "tokens"),
        FilePersistenceProvider.folder(values()));
  }

  @Test
  void bothPathKeysIsAnError() {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> FilePersistenceProvider.folder(
        values("token_persistence_path", "/a", "oauth_tokens_file_path", "/b")));

    assertTrue(error.getMessage().contains("token_persistence_path"), error.getMessage());
  }

  @Test
  void aBadLockTimeoutNamesTheKey() {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> new FilePersistenceProvider()
        .create(values("token_persistence_path", dir.toString(), "token_persistence_lock_timeout_ms", "soon")));

    assertTrue(error.getMessage().contains("token_persistence_lock_timeout_ms ('soon')"), error.getMessage());
  }

  private static ConfigValues values(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return ConfigValues.of(properties, "test.properties");
  }
}
