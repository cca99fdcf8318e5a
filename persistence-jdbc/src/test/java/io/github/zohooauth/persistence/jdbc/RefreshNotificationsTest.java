package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, an instance hears through {@code LISTEN/NOTIFY} that another stored a user's refresh under its
 * lease, so that its waiters read the token at once; the engine's side is in {@code RefreshFlightsTest}.
 */
class RefreshNotificationsTest {
  private final String table = TestDatabases.uniqueTable();

  @AfterEach
  void drop() throws Exception {
    Database.POSTGRESQL.drop(table);
  }

  @Test
  void aRefreshStoredThroughALeaseInOneInstanceIsHeardInAnother() throws Exception {
    try (TokenPersistenceHandler waiting = Database.POSTGRESQL.store(table);
        TokenPersistenceHandler holding = Database.POSTGRESQL.store(table)) {
      holding.save(ZohoOAuthTokens.builder().userIdentifier("jane@example.com").accessToken("1000.old")
          .refreshToken("1000.r").expiresAt(Instant.now()).build());
      CompletableFuture<String> heard = new CompletableFuture<>();
      try (AutoCloseable listening = waiting.onRefreshStored(heard::complete)) {
        RefreshLease lease = holding.tryLeaseRefresh("jane@example.com", Duration.ofSeconds(30)).orElseThrow();
        // the listener may still be subscribing: store until it hears, which is the first store once it listens
        assertTrue(lease.complete(lease.current().toBuilder().accessToken("1000.new")
            .expiresAt(Instant.now().plusSeconds(3600)).build()));
        for (int i = 0; i < 50 && !heard.isDone(); i++) {
          RefreshLease again = holding.tryLeaseRefresh("jane@example.com", Duration.ofSeconds(30)).orElseThrow();
          again.complete(again.current().toBuilder().accessToken("1000.new" + i).build());
          try {
            heard.get(100, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException notYet) {
            // the LISTEN was not in place yet: the next store is heard
          }
        }

        assertEquals("jane@example.com", heard.get(10, TimeUnit.SECONDS));
      }
    }
  }
}
