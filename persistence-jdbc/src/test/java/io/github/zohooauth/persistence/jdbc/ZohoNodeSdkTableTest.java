package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * This store and Zoho's real current SDK (Node, 8.0, on its own MySQL DBStore) share one {@code oauthtoken} table on
 * MariaDB, as a team moving over runs them: each finds, uses and refreshes the other's rows, and neither breaks the
 * other's inserts.
 */
class ZohoNodeSdkTableTest {
  private FakeZohoAccountsServer zoho;
  private ZohoNodeSdk sdk;
  private HikariDataSource pool;
  private final String table = "oauthtoken_" + TestDatabases.uniqueTable().substring("oauthtokens_".length());

  @BeforeEach
  void start() throws Exception {
    zoho = FakeZohoAccountsServer.start();
    sdk = ZohoNodeSdk.installed(TestDatabases.mariaDb());
    Database.MARIADB.createSdkTable(table, false);
    pool = Database.MARIADB.pool();
  }

  @AfterEach
  void stop() throws Exception {
    TestDatabases.dropTable(pool, table);
    pool.close();
    zoho.close();
  }

  @Test
  void aRowTheSdkWroteIsRefreshedHereAndStoredBackInAFormTheSdkKeepsUsing() throws Exception {
    ZohoNodeSdk.Result first = sdk.accessToken(sdkSettings("jane@example.com", true,
        zoho.issueGrantCode("jane@example.com")));
    assertNotNull(first.accessToken, first.toString());
    Map<String, String> written = row("jane@example.com");

    String refreshed;
    try (ZohoOAuthClient client = client(false)) {
      assertEquals(first.accessToken, client.getAccessToken("jane@example.com"), "the SDK's token, read as it is");
      refreshed = client.refreshAccessToken("jane@example.com");
    }
    assertNotEquals(first.accessToken, refreshed);
    Map<String, String> after = row("jane@example.com");
    assertEquals(refreshed, after.get("access_token"));
    for (String sdkColumn : new String[] {"id", "client_id", "client_secret", "grant_token", "redirect_url",
        "refresh_token"}) {
      assertEquals(written.get(sdkColumn), after.get(sdkColumn), sdkColumn + " is left as the SDK wrote it");
    }
    assertTrue(after.get("expiry_time").matches("\\d{13}"), "epoch milliseconds as text: " + after);

    long refreshes = zoho.refreshRequestCount("jane@example.com");
    ZohoNodeSdk.Result again = sdk.accessToken(sdkSettings("jane@example.com", true, null));
    assertEquals(refreshed, again.accessToken, "the SDK uses the token refreshed here: " + again);
    assertEquals(refreshes, zoho.refreshRequestCount("jane@example.com"), "and does not refresh it again");
  }

  @Test
  void usersAddedHereAreFoundByTheSdkAndItsOwnInsertsKeepWorkingPastItsTenRowTrap() throws Exception {
    for (int i = 1; i <= 3; i++) {
      String user = "sdk" + i + "@example.com";
      assertNotNull(sdk.accessToken(sdkSettings(user, true, zoho.issueGrantCode(user))).accessToken);
    }
    try (ZohoOAuthClient client = client(false)) {
      for (int i = 1; i <= 12; i++) {
        String user = "lib" + i + "@example.com";
        client.generateAccessToken(zoho.issueGrantCode(user), user);
      }
      String ours = client.getAccessToken("lib7@example.com");
      long refreshes = zoho.refreshRequestCount("lib7@example.com");

      ZohoNodeSdk.Result found = sdk.accessToken(sdkSettings("lib7@example.com", true, null));
      assertEquals(ours, found.accessToken, "the SDK finds a user added here: " + found);
      assertEquals(refreshes, zoho.refreshRequestCount("lib7@example.com"));
    }
    // 15 rows now: the SDK alone would fail its 11th insert (MAX('1'..'10') is '9'); with this store's rows it
    // goes on numbering from theirs.
    for (int i = 4; i <= 6; i++) {
      String user = "sdk" + i + "@example.com";
      ZohoNodeSdk.Result added = sdk.accessToken(sdkSettings(user, true, zoho.issueGrantCode(user)));
      assertNotNull(added.accessToken, "the SDK's insert of " + user + ": " + added);
    }
    assertEquals(18, count("SELECT COUNT(*) FROM " + table));
    assertEquals(18, count("SELECT COUNT(DISTINCT user_name) FROM " + table), "one row per user");
  }

  @Test
  void theSdkNeedsTheClientSecretInTheRowOnlyWhenTheApplicationDoesNotPassIt() throws Exception {
    try (ZohoOAuthClient client = client(false)) {
      client.generateAccessToken(zoho.issueGrantCode("plain@example.com"), "plain@example.com");
    }
    try (ZohoOAuthClient client = client(true)) {
      client.generateAccessToken(zoho.issueGrantCode("opted@example.com"), "opted@example.com");
    }
    assertNull(row("plain@example.com").get("client_secret"), "not written by default");
    assertEquals(zoho.clientSecret(), row("opted@example.com").get("client_secret"), "jdbc_sdk_client_secret=true");
    expire("plain@example.com");
    expire("opted@example.com");

    ZohoNodeSdk.Result rowAlone = sdk.accessToken(sdkSettings("plain@example.com", false, null));
    assertNull(rowAlone.accessToken, "an application that finds its token by the row alone cannot refresh a row "
        + "without the secret: " + rowAlone);
    assertNotNull(sdk.accessToken(sdkSettings("plain@example.com", true, null)).accessToken,
        "one that passes its client id and secret can");
    ZohoNodeSdk.Result optedIn = sdk.accessToken(sdkSettings("opted@example.com", false, null));
    assertNotNull(optedIn.accessToken, "unless the secret was written: " + optedIn);
  }

  /**
   * The storm side by side, on one table and one fake at Zoho's 300 ms: 64 callers on an expired token through the
   * SDK, then through this library. The README's comparison quotes the figures this prints.
   */
  @Test
  void sixtyFourCallersOnAnExpiredTokenTheSdkRefreshesForEachThisLibraryOnce() throws Exception {
    String user = "storm@example.com";
    assertNotNull(sdk.accessToken(sdkSettings(user, true, zoho.issueGrantCode(user))).accessToken);
    zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
    long before = zoho.refreshRequestCount(user);

    com.fasterxml.jackson.databind.JsonNode tally = sdk.storm(sdkSettings(user, true, null), 64, () -> expire(user));
    long sdkRefreshes = zoho.refreshRequestCount(user) - before;

    String other = "storm2@example.com";
    try (ZohoOAuthClient granting = client(false)) {
      granting.generateAccessToken(zoho.issueGrantCode(other), other);
    }
    expire(other);
    try (ZohoOAuthClient client = client(false)) { // a new instance, which finds the expired row in the table
      ExecutorService callers = Executors.newFixedThreadPool(64);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(callers.submit(() -> {
          go.await();
          return client.getAccessToken(other);
        }));
      }
      go.countDown();
      int ourFailures = 0;
      for (Future<String> call : calls) {
        try {
          call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          ourFailures++;
        }
      }
      callers.shutdownNow();
      long ourRefreshes = zoho.refreshRequestCount(other);
      System.out.println("STORM 64 callers, Zoho at 300 ms: Node SDK 8.0 sent " + sdkRefreshes + " refresh requests, "
          + tally.get("failed").asInt() + " callers failed (" + tally.get("firstFailure").asText() + "); this "
          + "library sent " + ourRefreshes + ", " + ourFailures + " failed");

      assertEquals(1, ourRefreshes);
      assertEquals(0, ourFailures);
      assertTrue(sdkRefreshes > 1, "the SDK has no single flight: " + sdkRefreshes + " " + tally);
    }
  }

  @Test
  void anEncryptionKeyWithATableSharedWithTheSdkFailsAtStartSayingWhy() {
    Properties properties = clientProperties(false);
    properties.setProperty("token_encryption_key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    ConfigurationException refused = assertThrows(ConfigurationException.class,
        () -> ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
            .accountsUrl(zoho.accountsUrl()).tokenStore(Database.MARIADB.store(table, properties))
            .tokenEncryptionKey(properties.getProperty("token_encryption_key")).build());

    assertTrue(refused.getMessage().contains("shared with Zoho's SDKs") && refused.getMessage().contains(table),
        refused.getMessage());
  }

  private ZohoOAuthClient client(boolean writeSecret) throws Exception {
    return ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl())
        .tokenStore(Database.MARIADB.store(table, clientProperties(writeSecret))).build();
  }

  private Properties clientProperties(boolean writeSecret) {
    Properties properties = new Properties();
    properties.setProperty("client_id", zoho.clientId());
    properties.setProperty("client_secret", zoho.clientSecret());
    properties.setProperty(JdbcPersistenceProvider.JDBC_SDK_CLIENT_SECRET, String.valueOf(writeSecret));
    return properties;
  }

  private Map<String, String> sdkSettings(String user, boolean passClient, String grant) {
    Map<String, String> settings = new HashMap<>();
    settings.put("ZOHO_TABLE", table);
    settings.put("ZOHO_USER", user);
    settings.put("ZOHO_ACCOUNTS_URL", zoho.accountsUrl());
    settings.put("ZOHO_API_URL", zoho.apiDomain());
    if (passClient) {
      settings.put("ZOHO_CLIENT_ID", zoho.clientId());
      settings.put("ZOHO_CLIENT_SECRET", zoho.clientSecret());
    }
    if (grant != null) {
      settings.put("ZOHO_GRANT", grant);
      settings.put("ZOHO_REDIRECT_URI", zoho.redirectUri());
    }
    return settings;
  }

  private Map<String, String> row(String user) throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT * FROM " + table + " WHERE user_name = ?")) {
      query.setString(1, user);
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next(), "no row for " + user);
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
          row.put(result.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), result.getString(i));
        }
        return row;
      }
    }
  }

  /** Makes the row's token one the SDK refreshes (it does so under 5 s to expiry). */
  private void expire(String user) throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET expiry_time = ? WHERE "
            + "user_name = ?")) {
      update.setString(1, String.valueOf(System.currentTimeMillis() - 60_000));
      update.setString(2, user);
      assertEquals(1, update.executeUpdate());
    }
  }

  private int count(String sql) throws Exception {
    try (Connection connection = pool.getConnection();
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }
}
