package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.RefreshStorm;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several application instances (JVMs) sharing one token table refresh a user once. */
class JdbcMultiProcessTest {

  @ParameterizedTest
  @EnumSource(Database.class)
  void fourInstancesOfSixteenThreadsRefreshAnExpiredUserOnce(Database database) throws Exception {
    String user = "shared@example.com";
    String table = TestDatabases.uniqueTable();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start(); HikariDataSource pool = database.pool()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300)); // the others arrive while the first holds the row lock
      JdbcTokenPersistenceHandler store = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());
      try {
        List<String> tokens = RefreshStorm.run(4, 16, user, Map.of("client_id", zoho.clientId(),
            "client_secret", zoho.clientSecret(), "accounts_url", zoho.accountsUrl(), "persistence", "jdbc",
            "jdbc_url", database.url(), "jdbc_table", table));

        assertEquals(64, tokens.size());
        assertEquals(1, zoho.refreshRequestCount(user), "refresh requests from 4 instances x 16 threads");
        Set<String> distinct = new HashSet<>(tokens);
        assertEquals(Set.of(store.load(user).orElseThrow().accessToken()), distinct);
      } finally {
        TestDatabases.dropTable(pool, table);
      }
    }
  }
}
