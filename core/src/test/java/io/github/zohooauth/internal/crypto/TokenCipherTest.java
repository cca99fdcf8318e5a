package io.github.zohooauth.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.TokenDecryptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sealed format and every way opening a value can fail. Stores are tested in TokenEncryptionContract. */
class TokenCipherTest {
  private static final byte[] KEY_1 = key(1);
  private static final byte[] KEY_2 = key(2);
  private static final String TOKEN = "1000.0f3c8a1b2d4e5f60718293a4b5c6d7e8.9a8b7c6d5e4f30211203f4e5d6c7b8a9";

  private static final String EU = "https://www.zohoapis.eu";
  private static final TokenCipher.Binding JANE = binding("jane@example.com", "jdbc:t", null, EU);
  private static final TokenCipher.Binding JOHN = binding("john@example.com", "jdbc:t", null, EU);

  private static TokenCipher.Binding binding(String user, String namespace, String accounts, String api) {
    return TokenCipher.Binding.of(ZohoOAuthTokens.builder().userIdentifier(user).accessToken("a")
        .accountsServer(accounts).apiDomain(api).build(), namespace);
  }

  @Test
  void aSealedValueIsBoundToItsNamespaceAccountsServerAndApiDomain() {
    TokenCipher cipher = TokenCipher.of(KEY_1, List.of());
    String sealed = cipher.seal(JANE, "refresh", TOKEN);

    for (TokenCipher.Binding moved : List.of(binding("jane@example.com", "jdbc:other", null, "https://www.zohoapis.eu"),
        binding("jane@example.com", "jdbc:t", "https://accounts.zoho.eu", "https://www.zohoapis.eu"),
        binding("jane@example.com", "jdbc:t", "", "https://www.zohoapis.eu"),
        binding("jane@example.com", "jdbc:t", null, "https://www.zohoapis.com"))) {
      TokenDecryptionException e = assertThrows(TokenDecryptionException.class,
          () -> cipher.open(moved, "refresh", sealed));
      assertTrue(e.getMessage().contains("token_encryption_namespace"), e.getMessage());
    }
  }

  @Test
  void aFirstFormatValueStillOpensButIsNotCurrent() throws Exception {
    // sealed as the first release did: AES-GCM with "zoho-oauth-enc:v1:<id>|<field>|<user>" as associated data
    String id = TokenCipher.keyId(KEY_1);
    byte[] nonce = new byte[12];
    javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY_1, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    aes.updateAAD(("zoho-oauth-enc:v1:" + id + "|refresh|jane@example.com").getBytes(StandardCharsets.UTF_8));
    byte[] body = aes.doFinal(TOKEN.getBytes(StandardCharsets.UTF_8));
    byte[] all = java.nio.ByteBuffer.allocate(12 + body.length).put(nonce).put(body).array();
    String v1 = "zoho-oauth-enc:v1:" + id + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    TokenCipher cipher = TokenCipher.of(KEY_1, List.of());

    assertEquals(TOKEN, cipher.open(JANE, "refresh", v1));
    assertEquals(id, TokenCipher.keyIdOf(v1));
    assertFalse(cipher.isCurrent(v1), "a rekey seals it in the current format");
    assertThrows(TokenDecryptionException.class, () -> cipher.open(JOHN, "refresh", v1));
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void aSealedValueNamesItsKeyAndOpensOnlyForItsUserAndField() {
    TokenCipher cipher = TokenCipher.of(KEY_1, List.of());

    String sealed = cipher.seal(JANE, "refresh", TOKEN);

    assertTrue(sealed.startsWith(TokenCipher.PREFIX + cipher.currentKeyId() + ":"), sealed);
    assertFalse(sealed.contains(TOKEN));
    assertEquals(TOKEN, cipher.open(JANE, "refresh", sealed));
    assertNotEquals(sealed, cipher.seal(JANE, "refresh", TOKEN), "a new nonce per value");
    assertThrows(TokenDecryptionException.class, () -> cipher.open(JOHN, "refresh", sealed));
    assertThrows(TokenDecryptionException.class, () -> cipher.open(JANE, "access", sealed));
    assertEquals(TOKEN, cipher.open(JANE, "refresh", TOKEN), "plain text is read as it is");
  }

  @Test
  void theKeyIdIsStableShortAndDiffersByKey() {
    assertEquals(TokenCipher.keyId(KEY_1), TokenCipher.of(KEY_1, List.of()).currentKeyId());
    assertEquals(8, TokenCipher.keyId(KEY_1).length());
    assertNotEquals(TokenCipher.keyId(KEY_1), TokenCipher.keyId(KEY_2));
  }

  @Test
  void anOldKeyOpensButOnlyTheCurrentOneSeals() {
    String underOld = TokenCipher.of(KEY_1, List.of()).seal(JANE, "access", TOKEN);
    TokenCipher rotated = TokenCipher.of(KEY_2, List.of(KEY_1));

    assertEquals(TOKEN, rotated.open(JANE, "access", underOld));
    assertFalse(rotated.isCurrent(underOld));
    assertFalse(rotated.isCurrent(TOKEN), "plain text is not current");
    assertTrue(rotated.isCurrent(rotated.seal(JANE, "access", TOKEN)));
    assertEquals(List.of(TokenCipher.keyId(KEY_2), TokenCipher.keyId(KEY_1)), rotated.keyIds());
  }

  @Test
  void aMissingKeyATamperedValueAndAMangledPrefixAreTypedAndNameNoSecret() {
    String sealed = TokenCipher.of(KEY_1, List.of()).seal(JANE, "refresh", TOKEN);
    String id1 = TokenCipher.keyId(KEY_1);

    TokenDecryptionException missing = assertThrows(TokenDecryptionException.class,
        () -> TokenCipher.of(KEY_2, List.of()).open(JANE, "refresh", sealed));
    assertEquals(id1, missing.keyId());
    assertTrue(missing.getMessage().contains("key id " + id1) && missing.getMessage().contains(
        TokenCipher.keyId(KEY_2)), missing.getMessage());
    TokenDecryptionException none = assertThrows(TokenDecryptionException.class,
        () -> TokenCipher.none().open(JANE, "refresh", sealed));
    assertTrue(none.getMessage().contains("no token_encryption_key is set"), none.getMessage());

    // A character inside the value: the last one may carry only padding bits, which a decoder ignores.
    int at = sealed.length() - 10;
    String tampered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    TokenDecryptionException altered = assertThrows(TokenDecryptionException.class,
        () -> TokenCipher.of(KEY_1, List.of()).open(JANE, "refresh", tampered));
    assertTrue(altered.getMessage().contains("integrity"), altered.getMessage());
    TokenDecryptionException truncated = assertThrows(TokenDecryptionException.class,
        () -> TokenCipher.of(KEY_1, List.of()).open(JANE, "refresh", TokenCipher.PREFIX + id1 + ":AA"));
    assertEquals(id1, truncated.keyId());
    TokenDecryptionException mangled = assertThrows(TokenDecryptionException.class,
        () -> TokenCipher.of(KEY_1, List.of()).open(JANE, "refresh", TokenCipher.PREFIX + "x"));
    assertNull(mangled.keyId());

    String base64Key = Base64.getEncoder().encodeToString(KEY_1);
    for (TokenDecryptionException error : List.of(missing, none, altered, truncated, mangled)) {
      assertFalse(error.getMessage().contains(TOKEN) || error.getMessage().contains(base64Key),
          error.getMessage());
    }
  }

  @Test
  void keysAreThirtyTwoBytesOfBase64EitherAlphabet() {
    byte[] key = key(0xfb);
    assertArrayEquals(key, TokenCipher.decodeKey(Base64.getEncoder().encodeToString(key)));
    assertArrayEquals(key, TokenCipher.decodeKey(Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> TokenCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[16])));
    assertTrue(tooShort.getMessage().contains("16 bytes"), tooShort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.decodeKey("%%%"));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> TokenCipher.decodeKey(" "));
    assertTrue(empty.getMessage().startsWith("empty"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.decodeKey(null));
  }

  private static void assertArrayEquals(byte[] expected, byte[] actual) {
    assertTrue(Arrays.equals(expected, actual));
  }
}
