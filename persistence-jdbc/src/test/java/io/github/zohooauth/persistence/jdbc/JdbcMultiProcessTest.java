package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.stores.KilledLeaseHolder;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import io.github.zohooauth.testkit.stores.RefusedTokenFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several application instances (JVMs) sharing one token table refresh each user once. */
class JdbcMultiProcessTest {

  @ParameterizedTest
  @EnumSource(Database.class)
  void fourInstancesOfSixteenThreadsRefreshAnExpiredUserOnce(Database database) throws Exception {
    String user = "shared@example.com";
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300)); // the others arrive while the first holds the lease
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      store.save(expired(user, zoho.issueRefreshToken(user)));
      try {
        List<String> tokens = RefreshStorm.run(4, 16, user, config(zoho, database, table));

        assertEquals(64, tokens.size());
        assertEquals(1, zoho.refreshRequestCount(user), "refresh requests from 4 instances x 16 threads");
        Set<String> distinct = new HashSet<>(tokens);
        assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), distinct);
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void fourInstancesOfSixteenThreadsGetAnExpiredOrganisationTokenWithOneClientCredentialsRequest(Database database)
      throws Exception {
    String soid = "ZohoCRM.600000434";
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      store.save(ZohoOAuthTokens.builder().userIdentifier(soid).accessToken("1000.expired")
          .scope("ZohoCRM.modules.ALL").expiresAt(Instant.now().minusSeconds(60)).build());
      try {
        List<String> tokens = RefreshStorm.run(4, 16, soid, config(zoho, database, table));

        assertEquals(64, tokens.size());
        assertEquals(1, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_CLIENT_CREDENTIALS),
            "client-credentials requests from 4 instances x 16 threads");
        ZohoOAuthTokens stored = store.load(soid).orElseThrow();
        assertEquals(Set.of(stored.accessToken()), new HashSet<>(tokens));
        assertEquals(null, stored.refreshToken(), "an organisation's token has none");
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void fourInstancesThatCachedATokenZohoKilledRecoverWithOneRefresh(Database database) throws Exception {
    String user = "killed-token@example.com";
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300)); // the others report while the first refreshes
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      store.save(expired(user, zoho.issueRefreshToken(user)));
      try {
        RefreshStorm.run(1, 1, user, config(zoho, database, table)); // one live token, as after a refresh
        int before = zoho.refreshRequestCount(user);

        RefusedTokenFleet.Result result = RefusedTokenFleet.run(4, 16, user, config(zoho, database, table),
            () -> zoho.invalidateAccessTokens(user));

        assertEquals(List.of(), result.errors);
        assertEquals(1, result.cachedBefore.size(), "every instance had cached the same token");
        assertEquals(Collections.nCopies(64, 200), result.statuses);
        assertEquals(1, zoho.refreshRequestCount(user) - before, "refresh requests from 4 instances x 16 threads");
        assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), result.tokensAfter);
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void fourInstancesOfSixtyFourThreadsRefreshTwoThousandExpiredUsersOnceEach(Database database) throws Exception {
    int users = 2_000;
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      List<String> names = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        String user = "fleet" + u + "@example.com";
        names.add(user);
        store.save(expired(user, zoho.issueRefreshToken(user)));
      }
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      try {
        RefreshStorm.Result result = RefreshStorm.run(4, 64, names, config(zoho, database, table));

        assertEquals(List.of(), result.errors, "callers that got an error, in any instance");
        assertEquals(4 * users, result.tokens.size());
        assertEquals(users, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_REFRESH_TOKEN), "refresh requests");
        for (String user : names) {
          assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), result.tokensByUser.get(user),
              "every instance hands out the one stored token of " + user);
        }
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void anInstanceKilledWhileHoldingTheLeaseDelaysTheOthersOnlyUntilTheLeaseRunsOut(Database database)
      throws Exception {
    String user = "killed@example.com";
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      try {
        KilledLeaseHolder.Result result = KilledLeaseHolder.run(zoho, store, user, config(zoho, database, table));

        assertNotEquals(KilledLeaseHolder.EXPIRED_TOKEN, result.survivorToken);
        assertEquals(result.survivorToken, result.storedToken);
        assertEquals(2, result.refreshRequests, "the dead holder's request, then the survivor's");
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  private static ZohoOAuthTokens expired(String user, String refreshToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired").refreshToken(refreshToken)
        .expiresAt(Instant.now().minusSeconds(60)).build();
  }

  private static Map<String, String> config(FakeZohoAccountsServer zoho, Database database, String table)
      throws Exception {
    return Map.of("client_id", zoho.clientId(), "client_secret", zoho.clientSecret(), "accounts_url",
        zoho.accountsUrl(), "persistence", "jdbc", "jdbc_url", database.url(), "jdbc_table", table);
  }
}
