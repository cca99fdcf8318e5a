package io.github.zohooauth.persistence.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.testkit.ChildJvm;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import io.github.zohooauth.testkit.stores.RefreshStorm;
import io.github.zohooauth.testkit.stores.RefusedTokenFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file store promises across processes, with real JVM processes on one folder. */
class FileStoreMultiProcessTest {
  private static final int PROCESSES = 4;

  @TempDir
  Path folder;

  @Test
  void fourProcessesSaving250UsersEachLoseNone() throws Exception {
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        children.add(ChildJvm.start(FileStoreChild.class, "save", folder.toString(), "p" + p, "250"));
      }
      for (ChildJvm child : children) {
        assertEquals("DONE", child.readLine());
        assertEquals(0, child.waitForExit());
      }
    } finally {
      children.forEach(ChildJvm::close);
    }

    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(folder);
    for (int p = 0; p < PROCESSES; p++) {
      for (int i = 0; i < 250; i++) {
        assertEquals("1000.p" + p + "." + i, store.load("p" + p + "-" + i + "@example.com").orElseThrow().accessToken());
      }
    }
    assertEquals(PROCESSES * 250, FileTokenPersistenceHandlerTest.tokenFiles(folder).size());
  }

  @Test
  void fourProcessesOfSixteenThreadsRefreshAnExpiredUserOnce() throws Exception {
    String user = "shared@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      // The refresh answer takes 300 ms, so the other processes arrive while the first one holds the lock.
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      new FileTokenPersistenceHandler(folder).save(ZohoOAuthTokens.builder().userIdentifier(user)
          .accessToken("1000.expired").refreshToken(zoho.issueRefreshToken(user))
          .expiresAt(Instant.now().minusSeconds(60)).build());

      List<String> tokens = RefreshStorm.run(PROCESSES, 16, user, Map.of("client_id", zoho.clientId(),
          "client_secret", zoho.clientSecret(), "accounts_url", zoho.accountsUrl(), "persistence", "file",
          "token_persistence_path", folder.toString()));

      assertEquals(PROCESSES * 16, tokens.size());
      assertEquals(1, zoho.refreshRequestCount(user), "refresh requests from 4 processes x 16 threads");
      assertEquals(Set.of(new FileTokenPersistenceHandler(folder).load(user).orElseThrow().accessToken()),
          new HashSet<>(tokens), "every caller in every process got the one new token");
    }
  }

  @Test
  void fourProcessesThatCachedATokenZohoKilledRecoverWithOneRefresh() throws Exception {
    String user = "killed-token@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300)); // the others report while the first refreshes
      new FileTokenPersistenceHandler(folder).save(ZohoOAuthTokens.builder().userIdentifier(user)
          .accessToken("1000.unused").refreshToken(zoho.issueRefreshToken(user))
          .expiresAt(Instant.now().minusSeconds(60)).build());
      Map<String, String> config = Map.of("client_id", zoho.clientId(), "client_secret", zoho.clientSecret(),
          "accounts_url", zoho.accountsUrl(), "persistence", "file", "token_persistence_path", folder.toString());
      RefreshStorm.run(1, 1, user, config); // one live token in the store, as after a normal refresh
      int before = zoho.refreshRequestCount(user);

      RefusedTokenFleet.Result result = RefusedTokenFleet.run(PROCESSES, 16, user, config,
          () -> zoho.invalidateAccessTokens(user));

      assertEquals(List.of(), result.errors);
      assertEquals(1, result.cachedBefore.size(), "every process had cached the same token");
      assertEquals(Collections.nCopies(PROCESSES * 16, 200), result.statuses);
      assertEquals(1, zoho.refreshRequestCount(user) - before, "refresh requests from 4 processes x 16 threads");
      assertEquals(Set.of(new FileTokenPersistenceHandler(folder).load(user).orElseThrow().accessToken()),
          result.tokensAfter, "every process hands out the one new token");
    }
  }

  @Test
  void aProcessKilledWhileHoldingTheRefreshLeaseFreesItAtOnce() throws Exception {
    String user = "killed@example.com";
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(folder);
      store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("1000.expired")
          .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());
      Gate refreshes = zoho.holdRefreshes();
      try (ChildJvm holder = ChildJvm.start(RefreshStorm.class, "1", user, "client_id=" + zoho.clientId(),
          "client_secret=" + zoho.clientSecret(), "accounts_url=" + zoho.accountsUrl(), "persistence=file",
          "token_persistence_path=" + folder)) {
        assertEquals("READY", holder.readLine());
        holder.send("GO");
        assertTrue(refreshes.awaitArrivals(1, Duration.ofSeconds(30)), "the child's refresh reached Zoho");
        assertEquals(Optional.empty(), store.tryLeaseRefresh(user, Duration.ofMinutes(1)), "the child holds it");
        holder.kill(); // mid-refresh, holding the OS lock on the lease file
        holder.waitForExit();
      }

      try (RefreshLease lease = store.tryLeaseRefresh(user, Duration.ofMinutes(1)).orElseThrow()) {
        assertEquals("1000.expired", lease.current().accessToken(), "the dead holder stored nothing");
      }
      refreshes.release();
    }
  }

  @Test
  void aProcessKilledMidSaveFiftyTimesLeavesEveryFileWholeAndEveryAcknowledgedSave() throws Exception {
    int users = 5;
    Random random = new Random(42);
    Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
    for (int round = 0; round < 50; round++) {
      ChildJvm child = ChildJvm.start(FileStoreChild.class, "saveLoop", folder.toString(),
          String.valueOf(round * 1_000_000L), String.valueOf(users));
      CountDownLatch firstAck = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try {
          for (String line; (line = child.readLineOrNull()) != null; ) {
            String[] ack = line.split(" ");
            acknowledged.merge(Integer.parseInt(ack[1]), Long.parseLong(ack[2]), Math::max);
            firstAck.countDown();
          }
        } catch (java.io.IOException e) {
          // the pipe breaks when the child is killed
        }
      });
      reader.start();
      assertTrue(firstAck.await(30, TimeUnit.SECONDS), "the child never saved");
      Thread.sleep(random.nextInt(60));
      child.kill(); // SIGKILL: no shutdown hook, no finally, no flush
      reader.join(10_000);

      FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(folder);
      for (int user = 0; user < users; user++) {
        Long acked = acknowledged.get(user);
        if (acked == null) {
          continue;
        }
        // load() fails on a torn or half-written file; the generation may be newer than the last ack we read
        String token = store.load("user" + user + "@example.com").orElseThrow().accessToken();
        long stored = Long.parseLong(token.substring(4));
        assertTrue(stored >= acked, "round " + round + ", user " + user + ": stored generation " + stored
            + " is older than acknowledged " + acked);
      }
    }
  }
}
