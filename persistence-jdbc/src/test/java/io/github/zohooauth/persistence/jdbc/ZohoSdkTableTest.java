package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A user migrating from Zoho's SDKs points the store at their existing table. */
class ZohoSdkTableTest {
  private HikariDataSource pool;
  private String table;

  @AfterEach
  void dropTable() throws Exception {
    if (pool != null) {
      TestDatabases.dropTable(pool, table);
      pool.close();
    }
  }

  /** Zoho's DDL, and rows as their delete-then-insert save leaves them. */
  private void createZohoTable(Database database, String... userAccessRefreshExpiry) throws Exception {
    pool = database.pool();
    table = TestDatabases.uniqueTable();
    try (Connection connection = pool.getConnection()) {
      connection.createStatement().execute("CREATE TABLE " + table + "(useridentifier varchar(100), accesstoken "
          + "varchar(100), refreshtoken varchar(100), expirytime bigint)");
      for (int i = 0; i < userAccessRefreshExpiry.length; i += 4) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (useridentifier, accesstoken, refreshtoken, expirytime) VALUES (?, ?, ?, ?)")) {
          insert.setString(1, userAccessRefreshExpiry[i]);
          insert.setString(2, userAccessRefreshExpiry[i + 1]);
          insert.setString(3, userAccessRefreshExpiry[i + 2]);
          insert.setLong(4, Long.parseLong(userAccessRefreshExpiry[i + 3]));
          insert.executeUpdate();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void anAdoptedTableComparesIdentifiersExactlyWhateverItsCollationWas(Database database) throws Exception {
    long future = Instant.now().plusSeconds(1_800).toEpochMilli();
    createZohoTable(database, "Jane@x.com", "1000.jane", "1000.r", String.valueOf(future));
    if (database == Database.MARIADB) {
      try (Connection connection = pool.getConnection()) {
        connection.createStatement().execute("ALTER TABLE " + table + " MODIFY useridentifier varchar(100) "
            + "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"); // case-insensitive, as MySQL tables often are
      }
    }

    JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();

    assertEquals("1000.jane", store.load("Jane@x.com").orElseThrow().accessToken());
    assertEquals(Optional.empty(), store.load("jane@x.com"));
    assertEquals(Optional.empty(), store.load("Jane@x.com "));
    store.save(ZohoOAuthTokens.builder().userIdentifier("jane@x.com").accessToken("1000.other").build());
    assertEquals("1000.jane", store.load("Jane@x.com").orElseThrow().accessToken());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void rowsWrittenByZohosSdksAreReadRefreshedAndSavedBack(Database database) throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      String expiredRefresh = zoho.issueRefreshToken("old@example.com");
      long past = Instant.now().minusSeconds(600).toEpochMilli();
      long future = Instant.now().plusSeconds(1_800).toEpochMilli();
      createZohoTable(database,
          "old@example.com", "1000.stale.access", expiredRefresh, String.valueOf(past),
          "fresh@example.com", "1000.fresh.access", "1000.fresh.refresh", String.valueOf(future));

      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
          .accountsUrl(zoho.accountsUrl()).tokenStore(store).build()) {
        assertEquals("1000.fresh.access", client.getAccessToken("fresh@example.com"));
        String refreshed = client.getAccessToken("old@example.com");

        assertNotEquals("1000.stale.access", refreshed);
        assertEquals(1, zoho.refreshRequestCount("old@example.com"));
        assertEquals(0, zoho.refreshRequestCount("fresh@example.com"));
        try (Connection connection = pool.getConnection();
            PreparedStatement select = connection.prepareStatement("SELECT accesstoken, refreshtoken, expirytime, "
                + "api_domain FROM " + table + " WHERE useridentifier = ?")) {
          select.setString(1, "old@example.com");
          try (ResultSet row = select.executeQuery()) {
            row.next();
            assertEquals(refreshed, row.getString("accesstoken"), "Zoho's SDKs read the new token from their column");
            assertEquals(expiredRefresh, row.getString("refreshtoken"));
            assertTrue(row.getLong("expirytime") > Instant.now().toEpochMilli());
            assertEquals(zoho.apiDomain(), row.getString("api_domain"));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void withSchemaChangesForbiddenTheErrorSaysWhatToRun(Database database) throws Exception {
    createZohoTable(database);

    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> JdbcTokenPersistenceHandler.builder(pool).table(table).createTable(false).build());

    assertTrue(error.getMessage().contains("ALTER TABLE " + table + " ADD COLUMN api_domain"), error.getMessage());
    assertTrue(error.getMessage().contains("ADD PRIMARY KEY (useridentifier)"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void duplicateRowsLeftByDeleteThenInsertAreNamedNotGuessedAt(Database database) throws Exception {
    createZohoTable(database,
        "dup@example.com", "1000.a", "1000.r", "1",
        "dup@example.com", "1000.b", "1000.r", "2");

    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> JdbcTokenPersistenceHandler.builder(pool).table(table).build());

    assertTrue(error.getMessage().contains("dup@example.com"), error.getMessage());
    assertTrue(error.getMessage().contains("ADD PRIMARY KEY"), error.getMessage());
    try (Connection connection = pool.getConnection();
        ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      count.next();
      assertEquals(2, count.getInt(1), "nothing was deleted");
    }
  }
}
