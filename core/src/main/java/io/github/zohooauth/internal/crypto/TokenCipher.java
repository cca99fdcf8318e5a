package io.github.zohooauth.internal.crypto;

import io.github.zohooauth.exception.TokenDecryptionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals one token value with AES-256-GCM and opens it again. A sealed value reads
 * {@code zoho-oauth-enc:v2:<key id>:<base64url(nonce | ciphertext | tag)>}: a random 96-bit nonce per value, and as
 * associated data ({@link Binding}) everything that says whose tokens these are and where they go: the key id, the
 * field (refresh or access), the user identifier, the store's namespace (table, key prefix, folder), the accounts
 * server and the API domain. A value copied to another user, field or namespace fails its tag instead of
 * decrypting, and so does a row whose accounts server or API domain was edited. Values of the first format
 * ({@code v1:}, bound to the user and the field only) are still opened, and are not {@link #isCurrent current}: the
 * next save or a rekey seals them as v2. The key id is the first 4 bytes of a SHA-256 of the
 * key: enough to tell the configured keys apart and to name the missing one in an error, too little to learn
 * anything from. A value without the prefix is plain text (stored before encryption was on, or by Zoho's SDKs) and
 * is read as it is.
 *
 * <p>Thread-safe: a {@link Cipher} is made per call (cheap next to a store round trip, and it happens only on a
 * cache miss or a write); {@link SecureRandom} is thread-safe.
 */
final class TokenCipher {
  /** Every sealed value starts with it, whatever its version; Zoho's tokens never do (they start with 1000.). */
  public static final String MARK = "zoho-oauth-enc:";
  /** How values are sealed now. */
  public static final String PREFIX = MARK + "v2:";
  /** The first format, bound to the user and the field only; read, never written. */
  static final String PREFIX_V1 = MARK + "v1:";
  /** The length of a key, in bytes, before base64. */
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_ID_CHARS = 8;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final TokenCipher NONE = new TokenCipher(null, Map.of());

  private final String currentId;
  /** By id: the current key first, then the old ones. */
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  private TokenCipher(String currentId, Map<String, SecretKeySpec> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /** A cipher that encrypts nothing and reads only plain values: no key is configured. */
  public static TokenCipher none() {
    return NONE;
  }

  /**
   * A cipher that seals with {@code current} and opens values sealed with it or with any of {@code old}.
   *
   * @throws IllegalArgumentException when a key is not 32 bytes
   */
  public static TokenCipher of(byte[] current, List<byte[]> old) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    String currentId = keyId(current);
    keys.put(currentId, key(current));
    for (byte[] key : old) {
      keys.putIfAbsent(keyId(key), key(key));
    }
    return new TokenCipher(currentId, Collections.unmodifiableMap(keys));
  }

  /**
   * The 32 bytes of a base64 key (standard or URL-safe, padding optional).
   *
   * @throws IllegalArgumentException saying what is wrong and how to make a key; never quoting the value
   */
  public static byte[] decodeKey(String base64) {
    if (base64 == null || base64.trim().isEmpty()) {
      throw new IllegalArgumentException("empty. Make a key with 'openssl rand -base64 32' or 'zoho-oauth new-key'");
    }
    String text = base64.trim();
    byte[] key;
    try {
      key = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
          .decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64 (" + text.length() + " characters). Make a key with "
          + "'openssl rand -base64 32' or 'zoho-oauth new-key'");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("base64 of " + key.length + " bytes, where AES-256 needs " + KEY_BYTES
          + ". Make a key with 'openssl rand -base64 32' or 'zoho-oauth new-key'");
    }
    return key;
  }

  /** Whether values are sealed on write. */
  public boolean encrypts() {
    return currentId != null;
  }

  /** The id of the key values are sealed with; null when none is configured. */
  public String currentKeyId() {
    return currentId;
  }

  /** The ids of every key this cipher opens, the current one first. */
  public List<String> keyIds() {
    return new ArrayList<>(keys.keySet());
  }

  /** Whether {@code value} is sealed (whatever the key or the version). */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(MARK);
  }

  /** The prefix of a known version that {@code value} starts with; null for plain text or an unknown version. */
  private static String versionPrefix(String value) {
    return value.startsWith(PREFIX) ? PREFIX : value.startsWith(PREFIX_V1) ? PREFIX_V1 : null;
  }

  /** The key id a sealed value names; null for a plain or malformed one. */
  public static String keyIdOf(String value) {
    String prefix = isSealed(value) ? versionPrefix(value) : null;
    if (prefix == null || value.length() < prefix.length() + KEY_ID_CHARS + 1
        || value.charAt(prefix.length() + KEY_ID_CHARS) != ':') {
      return null;
    }
    return value.substring(prefix.length(), prefix.length() + KEY_ID_CHARS);
  }

  /**
   * Whether {@code value} is null, or sealed in the current format with the current key; false for plain text, old
   * keys and the first format.
   */
  public boolean isCurrent(String value) {
    return value == null || currentId != null && value.startsWith(PREFIX) && currentId.equals(keyIdOf(value));
  }

  /** {@code plain} sealed with the current key for {@code binding}'s {@code field}; null stays null. */
  public String seal(Binding binding, String field, String plain) {
    if (plain == null) {
      return null;
    }
    if (currentId == null) {
      throw new IllegalStateException("no key to encrypt with");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(binding.associatedData(PREFIX, currentId, field));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /**
   * The plain text of {@code value} for {@code binding}'s {@code field}: a plain value as it is, a sealed one opened.
   *
   * @throws TokenDecryptionException when no configured key has the value's id, or the value fails its tag
   */
  public String open(Binding binding, String field, String value) {
    if (!isSealed(value)) {
      return value;
    }
    String user = binding.user;
    String keyId = keyIdOf(value);
    String prefix = versionPrefix(value);
    if (keyId == null) {
      throw new TokenDecryptionException("The " + field + " token stored for user '" + user + "' starts like an "
          + "encrypted value but names no key id: it was altered. Nothing was changed; generate new tokens for the "
          + "user (a grant, or the CLI's add-user).", user, null, null);
    }
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new TokenDecryptionException("The tokens stored for user '" + user + "' are encrypted with key id "
          + keyId + ", which is not configured (" + configured() + "). Set token_encryption_key, or list the key "
          + "with id " + keyId + " in token_encryption_old_keys (ZohoOAuthClientBuilder.tokenEncryptionKey, "
          + "tokenEncryptionOldKeys). Nothing was changed.", user, keyId, null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(value.substring(prefix.length() + KEY_ID_CHARS + 1));
    } catch (IllegalArgumentException e) {
      throw tampered(binding, field, keyId, e);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw tampered(binding, field, keyId, null);
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(binding.associatedData(prefix, keyId, field));
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw tampered(binding, field, keyId, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "TokenCipher{" + configured() + "}";
  }

  private String configured() {
    if (currentId == null) {
      return "no token_encryption_key is set";
    }
    List<String> old = keyIds().subList(1, keys.size());
    return "token_encryption_key has id " + currentId + (old.isEmpty() ? "" : ", token_encryption_old_keys have ids "
        + String.join(", ", old));
  }

  private static TokenDecryptionException tampered(Binding binding, String field, String keyId, Throwable cause) {
    return new TokenDecryptionException("The encrypted " + field + " token stored for user '" + binding.user
        + "' (key id " + keyId + ") fails its integrity check: it was altered, copied from another user's entry or "
        + "field, or from another store (this one's namespace is '" + binding.namespace + "'), or the entry's "
        + "accounts_server or api_domain was edited. Nothing was changed and nothing was sent to Zoho. If you renamed "
        + "the table, key prefix or folder, set token_encryption_namespace to the old namespace; otherwise generate "
        + "new tokens for the user (a grant, or the CLI's add-user).", binding.user, keyId, cause);
  }

  /**
   * What a sealed value is bound to: whose tokens these are and where they go. Sealing and opening must be given
   * the same, or the tag fails.
   */
  public static final class Binding {
    private final String user;
    private final String namespace;
    private final String accountsServer;
    private final String apiDomain;

    private Binding(String user, String namespace, String accountsServer, String apiDomain) {
      this.user = user;
      this.namespace = namespace;
      this.accountsServer = accountsServer;
      this.apiDomain = apiDomain;
    }

    /** The binding of {@code tokens} in the store whose namespace is {@code namespace}. */
    public static Binding of(io.github.zohooauth.ZohoOAuthTokens tokens, String namespace) {
      return new Binding(tokens.userIdentifier(), namespace, tokens.accountsServer(), tokens.apiDomain());
    }

    /**
     * The associated data of a value sealed in the format {@code prefix}. Each part is length-prefixed, so no two
     * bindings encode alike; the first format bound the user and the field only.
     */
    byte[] associatedData(String prefix, String keyId, String field) {
      if (PREFIX_V1.equals(prefix)) {
        return (PREFIX_V1 + keyId + "|" + field + "|" + user).getBytes(StandardCharsets.UTF_8);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
      for (String part : new String[] {prefix, keyId, field, user, namespace, accountsServer, apiDomain}) {
        byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
        out.write(part == null ? 0 : 1); // null and "" differ
        out.write(ByteBuffer.allocate(4).putInt(bytes.length).array(), 0, 4);
        out.write(bytes, 0, bytes.length);
      }
      return out.toByteArray();
    }
  }

  private static SecretKeySpec key(byte[] bytes) {
    if (bytes == null || bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key is " + KEY_BYTES + " bytes");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  static String keyId(byte[] key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("zoho-oauth token key id\0".getBytes(StandardCharsets.UTF_8));
      byte[] digest = sha256.digest(key);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < KEY_ID_CHARS / 2; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
