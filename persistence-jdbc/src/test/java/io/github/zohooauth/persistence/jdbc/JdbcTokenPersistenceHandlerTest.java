package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.RefreshLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC store against real MariaDB and PostgreSQL servers, each test in a table of its own. */
class JdbcTokenPersistenceHandlerTest {
  private HikariDataSource pool;
  private String table;
  private JdbcTokenPersistenceHandler store;

  private void open(Database database) throws Exception {
    pool = database.pool();
    table = TestDatabases.uniqueTable();
    store = JdbcTokenPersistenceHandler.builder(pool).table(table).queryTimeout(Duration.ofSeconds(1)).build();
  }

  @AfterEach
  void dropTable() throws Exception {
    if (pool != null) {
      TestDatabases.dropTable(pool, table);
      pool.close();
    }
  }

  static ZohoOAuthTokens tokens(String user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(accessToken).refreshToken("1000.r." + user.length())
        .expiresAt(Instant.ofEpochMilli(1_767_229_200_123L)).apiDomain("https://www.zohoapis.eu")
        .scope("ZohoCRM.modules.ALL AaaServer.profile.READ").build();
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void upsertLoadAndDeleteRoundTrip(Database database) throws Exception {
    open(database);
    ZohoOAuthTokens first = tokens("jane@example.com", "1000.a");
    store.save(first);
    assertEquals(first, store.load("jane@example.com").orElseThrow());

    ZohoOAuthTokens second = first.toBuilder().accessToken("1000.b").apiDomain(null).build();
    store.save(second);
    assertEquals(second, store.load("jane@example.com").orElseThrow());
    assertEquals(1, rowCount());

    store.delete("jane@example.com");
    assertFalse(store.load("jane@example.com").isPresent());
    store.delete("jane@example.com");
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void identifiersAreStoredAndReadLiterally(Database database) throws Exception {
    open(database);
    List<String> users = List.of("o'brien@x.com", "x'); DROP TABLE oauthtokens;--", "Jane@Example.com",
        "jane@example.com", "名前@例え.jp", "back\\slash", "%", "_");
    for (String user : users) {
      store.save(tokens(user, "1000." + Math.abs(user.hashCode())));
    }

    for (String user : users) {
      assertEquals("1000." + Math.abs(user.hashCode()), store.load(user).orElseThrow().accessToken(), user);
    }
    assertEquals(users.size(), rowCount());
    assertEquals(users.size(), store.userIdentifiers().size());
    assertTrue(store.userIdentifiers().containsAll(users));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void theCreatedTableHasZohosColumnsAndAPrimaryKey(Database database) throws Exception {
    open(database);
    store.save(tokens("jane@example.com", "1000.a"));

    try (Connection connection = pool.getConnection();
        ResultSet row = connection.createStatement().executeQuery("SELECT useridentifier, accesstoken, refreshtoken, "
            + "expirytime, api_domain FROM " + table)) {
      row.next();
      assertEquals("jane@example.com", row.getString("useridentifier"));
      assertEquals("1000.a", row.getString("accesstoken"));
      assertEquals(1_767_229_200_123L, row.getLong("expirytime"), "epoch milliseconds, as Zoho's SDKs write it");
      assertEquals("https://www.zohoapis.eu", row.getString("api_domain"));
    }
    try (Connection connection = pool.getConnection()) {
      assertThrows(java.sql.SQLException.class, () -> connection.createStatement().execute("INSERT INTO " + table
          + " (useridentifier, expirytime) VALUES ('jane@example.com', 0)"), "useridentifier must be the primary key");
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void eightThreadsSavingAThousandUsersLoseNone(Database database) throws Exception {
    open(database);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> saves = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      saves.add(threads.submit(() -> {
        for (int i = thread; i < 1_000; i += 8) {
          store.save(tokens("user" + i + "@example.com", "1000." + i));
        }
      }));
    }
    for (Future<?> save : saves) {
      save.get(120, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertEquals(1_000, rowCount());
    for (int i = 0; i < 1_000; i += 97) {
      assertEquals("1000." + i, store.load("user" + i + "@example.com").orElseThrow().accessToken());
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void identifiersAreComparedExactlyEvenInTrailingSpaces(Database database) throws Exception {
    open(database);
    store.save(tokens("victim@x.com", "1000.victim"));

    assertEquals(Optional.empty(), store.load("victim@x.com "), "a user never stored must not find another's row");
    store.save(tokens("victim@x.com ", "1000.attacker"));

    assertEquals("1000.victim", store.load("victim@x.com").orElseThrow().accessToken());
    assertEquals("1000.attacker", store.load("victim@x.com ").orElseThrow().accessToken());
    assertEquals("victim@x.com ", store.load("victim@x.com ").orElseThrow().userIdentifier());
    assertEquals(List.of("victim@x.com", "victim@x.com "), store.userIdentifiers());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aLeaseHoldsNoConnectionWhileZohoAnswers(Database database) throws Exception {
    open(database);
    store.save(tokens("jane@example.com", "1000.a"));
    HikariConfig single = new HikariConfig();
    single.setJdbcUrl(database.url());
    single.setMaximumPoolSize(1);
    single.setConnectionTimeout(2_000);
    try (HikariDataSource onePool = new HikariDataSource(single)) {
      JdbcTokenPersistenceHandler onOne = JdbcTokenPersistenceHandler.builder(onePool).table(table).build();
      RefreshLease lease = onOne.tryLeaseRefresh("jane@example.com", Duration.ofMinutes(1)).orElseThrow();

      // Zoho is "answering" now; the only connection must be free for everyone else.
      onOne.save(tokens("adam@example.com", "1000.adam"));
      assertEquals("1000.a", onOne.load("jane@example.com").orElseThrow().accessToken());
      assertEquals(Optional.empty(), store.tryLeaseRefresh("jane@example.com", Duration.ofMinutes(1)),
          "another instance sees the lease in the row");

      assertTrue(lease.complete(tokens("jane@example.com", "1000.new")));
      assertEquals("1000.new", store.load("jane@example.com").orElseThrow().accessToken());
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aStatementStalledByTheDatabaseEndsInAnErrorNamingTheTimeout(Database database) throws Exception {
    open(database);
    store.save(tokens("jane@example.com", "1000.a"));
    try (Connection blocker = pool.getConnection()) {
      blocker.setAutoCommit(false);
      try (PreparedStatement lock = blocker.prepareStatement("SELECT accesstoken FROM " + table
          + " WHERE useridentifier = ? FOR UPDATE")) {
        lock.setString(1, "jane@example.com");
        lock.executeQuery().close(); // another program holds the row, as a stuck transaction would
      }

      TokenStoreException error = assertThrows(TokenStoreException.class,
          () -> store.save(tokens("jane@example.com", "1000.b")));

      assertTrue(error.getMessage().contains("jdbc_query_timeout_ms"), error.getMessage());
      blocker.rollback();
    }
    assertEquals("1000.a", store.load("jane@example.com").orElseThrow().accessToken());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aTableNameThatIsNotAPlainNameIsRefused(Database database) throws Exception {
    try (HikariDataSource dataSource = database.pool()) {
      ConfigurationException error = assertThrows(ConfigurationException.class,
          () -> JdbcTokenPersistenceHandler.builder(dataSource).table("t; DROP TABLE x").build());
      assertTrue(error.getMessage().contains("not a plain SQL name"), error.getMessage());
    }
  }

  private int rowCount() throws Exception {
    try (Connection connection = pool.getConnection();
        ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      count.next();
      return count.getInt(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
