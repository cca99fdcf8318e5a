package io.github.zohooauth.testkit.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.RekeyReport;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthClientBuilder;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenDecryptionException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Encryption at rest ({@code token_encryption_key}) on a real store: what reaches the storage, read there directly
 * (the file, the row, the hash), and every way a key or a value can be wrong. Extend it with the store and a way to
 * read its storage without the store.
 */
public abstract class TokenEncryptionContract {
  /** How a sealed value starts: {@code zoho-oauth-enc:v2:<key id>:}. */
  private static final Pattern SEALED = Pattern.compile("zoho-oauth-enc:v2:([0-9a-f]{8}):");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final FakeClock clock = new FakeClock(Instant.now());
  private final FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock).start();
  private final String key1 = newKey();
  private final String key2 = newKey();

  /** A store over this test's storage; each call a new instance. */
  protected abstract TokenPersistenceHandler newStore() throws Exception;

  /**
   * A store over other storage of the same kind (another table, key prefix or folder), whose
   * {@link TokenPersistenceHandler#namespace() namespace} differs from {@link #newStore()}'s.
   */
  protected abstract TokenPersistenceHandler newStoreInAnotherNamespace() throws Exception;

  /** Everything the storage holds for {@code user}, read without the store (the file's bytes, the row, the hash). */
  protected abstract String storedBytes(String user) throws Exception;

  /** Whether a lease taken in one instance keeps other instances out (false for a store on the SPI defaults). */
  protected boolean leasesAreShared() {
    return true;
  }

  @AfterEach
  void stopZoho() {
    zoho.close();
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private ZohoOAuthClient client(String key, String... oldKeys) throws Exception {
    return client(newStore(), false, key, oldKeys);
  }

  /** A client that reads plain tokens too, as during a move to encryption. */
  private ZohoOAuthClient migratingClient(String key, String... oldKeys) throws Exception {
    return client(newStore(), true, key, oldKeys);
  }

  private ZohoOAuthClient client(TokenPersistenceHandler store, boolean acceptPlaintext, String key,
      String... oldKeys) {
    ZohoOAuthClientBuilder builder = TokenStoreContract.clientFor(zoho, clock, store);
    if (key != null) {
      builder.tokenEncryptionKey(key).tokenEncryptionOldKeys(oldKeys).acceptPlaintextTokens(acceptPlaintext);
    }
    return builder.build();
  }

  /** Signs {@code user} in through a client with {@code key}; returns the tokens in plain text. */
  private ZohoOAuthTokens signIn(String user, String key) throws Exception {
    try (ZohoOAuthClient client = client(key)) {
      return client.generateAccessToken(zoho.issueGrantCode(user), user);
    }
  }

  /** The key id every sealed value of the user names; fails unless there is exactly one and no plain token. */
  private String keyIdStored(String user, ZohoOAuthTokens plain) throws Exception {
    String stored = storedBytes(user);
    assertFalse(stored.contains(plain.refreshToken()), "the refresh token is in the storage in plain text");
    assertFalse(stored.contains(plain.accessToken()), "the access token is in the storage in plain text");
    Matcher sealed = SEALED.matcher(stored);
    assertTrue(sealed.find(), "no sealed value in: " + stored);
    String id = sealed.group(1);
    assertTrue(sealed.find(), "the refresh and the access token are both sealed");
    assertEquals(id, sealed.group(1), "both under one key");
    return id;
  }

  @Test
  void noTokenReachesTheStorageInPlainTextAndTheOtherFieldsStayReadable() throws Exception {
    ZohoOAuthTokens plain = signIn("jane@example.com", key1);
    keyIdStored("jane@example.com", plain);

    try (TokenPersistenceHandler raw = newStore()) {
      ZohoOAuthTokens stored = raw.load("jane@example.com").orElseThrow();
      assertEquals(plain.expiresAt(), stored.expiresAt());
      assertEquals(plain.apiDomain(), stored.apiDomain());
      assertEquals(plain.scope(), stored.scope());
      assertNotEquals(plain.refreshToken(), stored.refreshToken());
    }
    try (ZohoOAuthClient restarted = client(key1)) {
      assertEquals(plain, restarted.getTokens("jane@example.com"), "another instance with the key reads them");
      assertEquals(plain.accessToken(), restarted.getAccessToken("jane@example.com"));
    }
    assertEquals(0, zoho.refreshRequestCount("jane@example.com"));
  }

  @Test
  void aValueCopiedToAnotherUserFailsToDecrypt() throws Exception {
    signIn("jane@example.com", key1);
    try (TokenPersistenceHandler raw = newStore()) {
      raw.save(raw.load("jane@example.com").orElseThrow().toBuilder().userIdentifier("mallory@example.com").build());
    }
    try (ZohoOAuthClient client = client(key1)) {
      TokenDecryptionException copied = assertThrows(TokenDecryptionException.class,
          () -> client.getAccessToken("mallory@example.com"));
      assertTrue(copied.getMessage().contains("integrity") && copied.getMessage().contains("mallory@example.com"),
          copied.getMessage());
    }
  }

  @Test
  void aTamperedValueIsAnErrorNeverAnotherTokenAndChangesNothing() throws Exception {
    signIn("jane@example.com", key1);
    try (TokenPersistenceHandler raw = newStore()) {
      ZohoOAuthTokens stored = raw.load("jane@example.com").orElseThrow();
      String sealed = stored.refreshToken();
      int at = sealed.length() - 10;
      char flipped = sealed.charAt(at) == 'A' ? 'B' : 'A';
      raw.save(stored.toBuilder().refreshToken(sealed.substring(0, at) + flipped + sealed.substring(at + 1))
          .expiresAt(Instant.now().minusSeconds(60)).build());
    }
    String before = storedBytes("jane@example.com");
    try (ZohoOAuthClient client = client(key1)) {
      TokenDecryptionException tampered = assertThrows(TokenDecryptionException.class,
          () -> client.getAccessToken("jane@example.com"));
      assertTrue(tampered.getMessage().contains("integrity"), tampered.getMessage());
    }
    assertEquals(before, storedBytes("jane@example.com"), "nothing stored changed");
    assertEquals(0, zoho.refreshRequestCount("jane@example.com"), "no refresh with a token it could not open");
  }

  @Test
  void aWrongKeyOrNoKeyIsAnErrorNamingTheKeyIdFoundAndChangesNothing() throws Exception {
    ZohoOAuthTokens plain = signIn("jane@example.com", key1);
    String id1 = keyIdStored("jane@example.com", plain);
    try (TokenPersistenceHandler raw = newStore()) { // expired: a client that could open it would refresh and write
      raw.save(raw.load("jane@example.com").orElseThrow().toBuilder().expiresAt(Instant.now().minusSeconds(60))
          .build());
    }
    String before = storedBytes("jane@example.com");

    try (ZohoOAuthClient wrongKey = client(key2)) {
      TokenDecryptionException wrong = assertThrows(TokenDecryptionException.class,
          () -> wrongKey.getAccessToken("jane@example.com"));
      assertEquals(id1, wrong.keyId());
      assertTrue(wrong.getMessage().contains(id1) && wrong.getMessage().contains("token_encryption_old_keys"),
          wrong.getMessage());
      assertNoSecret(wrong.getMessage(), plain);
    }
    try (ZohoOAuthClient noKey = client(null)) {
      TokenDecryptionException missing = assertThrows(TokenDecryptionException.class,
          () -> noKey.getAccessToken("jane@example.com"));
      assertEquals(id1, missing.keyId());
      assertTrue(missing.getMessage().contains("no token_encryption_key is set"), missing.getMessage());
      assertNoSecret(missing.getMessage(), plain);
    }
    assertEquals(before, storedBytes("jane@example.com"), "nothing stored changed");
    assertEquals(0, zoho.refreshRequestCount("jane@example.com"));
  }

  private void assertNoSecret(String message, ZohoOAuthTokens plain) {
    for (String secret : new String[] {key1, key2, plain.refreshToken(), plain.accessToken(), zoho.clientSecret()}) {
      assertFalse(message.contains(secret), "a secret in: " + message);
    }
  }

  @Test
  void underANewKeyTheOldOneStillReadsAndTheNextSaveUsesTheNewOne() throws Exception {
    ZohoOAuthTokens plain = signIn("jane@example.com", key1);
    String id1 = keyIdStored("jane@example.com", plain);
    String refreshed;
    try (ZohoOAuthClient rotated = client(key2, key1)) {
      assertEquals(plain.accessToken(), rotated.getAccessToken("jane@example.com"), "read under the old key");
      refreshed = rotated.refreshAccessToken("jane@example.com");
    }
    String id2 = keyIdStored("jane@example.com", plain);
    assertNotEquals(id1, id2, "the refresh was stored under the new key");
    assertFalse(storedBytes("jane@example.com").contains(refreshed), "the new access token is sealed too");
    try (ZohoOAuthClient newKeyOnly = client(key2)) {
      assertEquals(refreshed, newKeyOnly.getAccessToken("jane@example.com"));
    }
  }

  @Test
  void plainTextIsRefusedUnderAKeyUnlessAMigrationAcceptsItAndIsEncryptedAtTheNextSave() throws Exception {
    String refreshToken = zoho.issueRefreshToken("legacy@example.com");
    ZohoOAuthTokens legacy = ZohoOAuthTokens.builder().userIdentifier("legacy@example.com")
        .accessToken("1000.legacy.access").refreshToken(refreshToken).expiresAt(Instant.now().plusSeconds(3000))
        .build();
    try (TokenPersistenceHandler raw = newStore()) {
      raw.save(legacy);
    }
    String before = storedBytes("legacy@example.com");
    try (ZohoOAuthClient client = client(key1)) {
      TokenDecryptionException refused = assertThrows(TokenDecryptionException.class,
          () -> client.getAccessToken("legacy@example.com"));
      assertTrue(refused.getMessage().contains("legacy@example.com")
          && refused.getMessage().contains("token_encryption_accept_plaintext"), refused.getMessage());
      assertNoSecret(refused.getMessage(), legacy);
    }
    assertEquals(before, storedBytes("legacy@example.com"));
    try (ZohoOAuthClient client = migratingClient(key1)) {
      assertEquals("1000.legacy.access", client.getAccessToken("legacy@example.com"), "read as it is");
      assertTrue(storedBytes("legacy@example.com").contains(refreshToken), "reading writes nothing");
      String refreshed = client.refreshAccessToken("legacy@example.com");
      keyIdStored("legacy@example.com", legacy);
      assertFalse(storedBytes("legacy@example.com").contains(refreshed));
    }
  }

  @Test
  void aPlainTokenPlantedInAVictimsEntryIsNeverUsedNorRefreshed() throws Exception {
    signIn("victim@example.com", key1);
    ZohoOAuthTokens attackers = signIn("attacker@example.com", null); // the attacker's own, valid, plain tokens
    try (TokenPersistenceHandler raw = newStore()) {
      raw.save(attackers.toBuilder().userIdentifier("victim@example.com").expiresAt(Instant.now().minusSeconds(60))
          .build());
    }
    String planted = storedBytes("victim@example.com");
    try (ZohoOAuthClient client = client(key1)) {
      assertThrows(TokenDecryptionException.class, () -> client.getAccessToken("victim@example.com"));
      assertThrows(TokenDecryptionException.class, () -> client.apiClient().send("victim@example.com",
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(zoho.apiDomain() + "/crm/v2/Leads")),
          java.net.http.HttpResponse.BodyHandlers.ofString()));
    }
    assertEquals(0, zoho.refreshRequestCount("attacker@example.com"), "the planted refresh token was not used");
    assertEquals(planted, storedBytes("victim@example.com"), "nor stored encrypted under the victim's name");
  }

  @Test
  void anEntryMixingASealedAndAPlainTokenIsRefusedEvenDuringAMigration() throws Exception {
    signIn("jane@example.com", key1);
    try (TokenPersistenceHandler raw = newStore()) {
      raw.save(raw.load("jane@example.com").orElseThrow().toBuilder().accessToken("1000.planted.access").build());
    }
    try (ZohoOAuthClient client = migratingClient(key1)) {
      TokenDecryptionException mixed = assertThrows(TokenDecryptionException.class,
          () -> client.getAccessToken("jane@example.com"));
      assertTrue(mixed.getMessage().contains("mix"), mixed.getMessage());
    }
  }

  @Test
  void anEditedAccountsServerOrApiDomainOrASwappedFieldFailsTheIntegrityCheck() throws Exception {
    signIn("jane@example.com", key1);
    ZohoOAuthTokens sealed;
    try (TokenPersistenceHandler raw = newStore()) {
      sealed = raw.load("jane@example.com").orElseThrow().toBuilder().expiresAt(Instant.now().minusSeconds(60))
          .build();
    }
    // Values that pass every other check (the configured server, a loopback API domain for a loopback fake), so
    // only the seal's binding can catch the edit.
    for (ZohoOAuthTokens edited : new ZohoOAuthTokens[] {
        sealed.toBuilder().accountsServer(zoho.accountsUrl()).build(),
        sealed.toBuilder().apiDomain("http://127.0.0.1:1").build(),
        sealed.toBuilder().refreshToken(sealed.accessToken()).accessToken(sealed.refreshToken()).build()}) {
      try (TokenPersistenceHandler raw = newStore()) {
        raw.save(edited);
      }
      try (ZohoOAuthClient client = client(key1)) {
        TokenDecryptionException e = assertThrows(TokenDecryptionException.class,
            () -> client.getAccessToken("jane@example.com"));
        assertTrue(e.getMessage().contains("integrity"), e.getMessage());
      }
    }
    assertEquals(0, zoho.refreshRequestCount("jane@example.com"));
  }

  @Test
  void aValueCopiedFromAnotherNamespaceFailsToDecryptUnlessTheNamespaceIsPinned() throws Exception {
    ZohoOAuthTokens plain = signIn("jane@example.com", key1);
    String namespace;
    try (TokenPersistenceHandler raw = newStore(); TokenPersistenceHandler other = newStoreInAnotherNamespace()) {
      assertNotEquals(raw.namespace(), other.namespace(), "the other storage has another namespace");
      namespace = raw.namespace();
      other.save(raw.load("jane@example.com").orElseThrow());
      try (ZohoOAuthClient client = client(other, false, key1)) {
        TokenDecryptionException e = assertThrows(TokenDecryptionException.class,
            () -> client.getAccessToken("jane@example.com"));
        assertTrue(e.getMessage().contains(other.namespace()), e.getMessage());
      }
    }
    try (TokenPersistenceHandler other = newStoreInAnotherNamespace();
        ZohoOAuthClient pinned = TokenStoreContract.clientFor(zoho, clock, other).tokenEncryptionKey(key1)
            .tokenEncryptionNamespace(namespace).build()) {
      assertEquals(plain, pinned.getTokens("jane@example.com"), "a renamed table keeps working, pinned");
    }
  }

  @Test
  void aGrantThatLandsDuringAnEncryptedRefreshWins() throws Exception {
    String user = "race@example.com";
    try (ZohoOAuthClient client = client(key1)) {
      client.generateAccessToken(zoho.issueGrantCode(user), user);
      clock.advance(Duration.ofHours(2));
      Gate refreshes = zoho.holdRefreshes();
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> client.getAccessToken(user));
      assertTrue(refreshes.awaitArrivals(1, WAIT));

      ZohoOAuthTokens granted = client.generateAccessToken(zoho.issueGrantCode(user), user);
      refreshes.release();

      assertEquals(granted.accessToken(), waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      keyIdStored(user, granted);
      try (ZohoOAuthClient reader = client(key1)) {
        assertEquals(granted, reader.getTokens(user), "the grant, not the refresh, is what the store holds");
      }
    }
  }

  @Test
  void rekeyDuringARefreshNeverLosesTheRefresh() throws Exception {
    String user = "busy@example.com";
    ZohoOAuthTokens signedIn = signIn(user, key1);
    clock.advance(Duration.ofHours(2));
    try (ZohoOAuthClient refreshing = client(key2, key1); ZohoOAuthClient rekeying = client(key2, key1)) {
      Gate answers = zoho.holdRefreshAnswers(); // Zoho has issued the new token; the refresher has not heard yet
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> refreshing.getAccessToken(user));
      assertTrue(answers.awaitArrivals(1, WAIT));

      RekeyReport report = rekeying.rekeyStoredTokens();
      answers.release();
      String served = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      if (leasesAreShared()) {
        assertEquals(Set.of(user), report.failures().keySet(), "the refresher held the lease: " + report);
        assertEquals(0, report.reencrypted());
      } else {
        assertEquals(1, report.reencrypted(), "no lease kept the rekey out: " + report);
      }
      assertNotEquals(signedIn.accessToken(), served, "the caller did not get the expired token");
      try (ZohoOAuthClient reader = client(key2)) {
        ZohoOAuthTokens stored = reader.getTokens(user);
        assertEquals(signedIn.refreshToken(), stored.refreshToken());
        assertEquals(served, stored.accessToken(), "the refresh was stored, under the new key");
      }
    }
  }

  @Test
  void rekeyEncryptsEveryUserWithTheCurrentKeyAndReportsCountsAndFailures() throws Exception {
    ZohoOAuthTokens underOld = signIn("old@example.com", key1);
    ZohoOAuthTokens underNew = signIn("new@example.com", key2);
    String refreshToken = zoho.issueRefreshToken("plain@example.com");
    ZohoOAuthTokens plain = ZohoOAuthTokens.builder().userIdentifier("plain@example.com")
        .accessToken("1000.plain.access").refreshToken(refreshToken).expiresAt(Instant.now().plusSeconds(3000))
        .build();
    String unknownKey = newKey();
    ZohoOAuthTokens lost = signIn("lost@example.com", unknownKey);
    try (TokenPersistenceHandler raw = newStore()) {
      raw.save(plain);
    }
    String id2 = keyIdStored("new@example.com", underNew);
    String lostBefore = storedBytes("lost@example.com");

    RekeyReport first;
    RekeyReport second;
    try (ZohoOAuthClient client = migratingClient(key2, key1)) {
      first = client.rekeyStoredTokens();
      second = client.rekeyStoredTokens();
    }

    assertEquals(2, first.reencrypted(), first.toString());
    assertEquals(1, first.alreadyCurrent(), first.toString());
    assertEquals(id2, first.keyId());
    Map<String, String> failures = first.failures();
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get("lost@example.com").contains(keyIdStored("lost@example.com", lost)), failures.toString());
    assertEquals(lostBefore, storedBytes("lost@example.com"), "the user it could not open is as it was");
    assertEquals(0, second.reencrypted());
    assertEquals(3, second.alreadyCurrent());
    assertEquals(id2, keyIdStored("old@example.com", underOld));
    assertEquals(id2, keyIdStored("plain@example.com", plain));
    try (ZohoOAuthClient newKeyOnly = client(key2)) {
      assertEquals(underOld, newKeyOnly.getTokens("old@example.com"), "the same tokens, under the new key");
      assertEquals(plain, newKeyOnly.getTokens("plain@example.com"));
      assertEquals(underNew, newKeyOnly.getTokens("new@example.com"));
    }
    assertEquals(0, zoho.refreshRequestCount("old@example.com") + zoho.refreshRequestCount("plain@example.com"),
        "re-encrypting asks Zoho for nothing");
  }
}
