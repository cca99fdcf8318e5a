package io.github.zohooauth.internal.crypto;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenDecryptionException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token store seen through a {@link TokenCipher}: the refresh and access tokens are sealed before the store gets
 * them and opened after it returns them, so every store (and a third party's) encrypts with no code of its own. The
 * user identifier, expiry, API domain, scope and accounts server stay readable for queries and tools, and are bound
 * into the seal with the store's namespace, so none can be edited or moved unnoticed.
 *
 * <p>With a key, what the store returns is trusted only when sealed: a plain token may have been planted by someone
 * who can write to the store but has no key, so it is refused unless {@code token_encryption_accept_plaintext} says a
 * migration is under way; an entry that mixes a sealed and a plain token is refused always.
 *
 * <p>Why the store's guarantees survive: sealing uses a random nonce, so two seals of one token differ and the store
 * cannot compare plain values. A compare-and-set therefore reads the sealed value, checks that it opens to the
 * expected tokens, and hands the store that exact sealed value as its expected one: the store's own atomic
 * comparison still decides, and any write in between makes it fail. A lease holds the sealed value it read, and its
 * completion is the store's own fenced write.
 */
public final class EncryptedTokenStore implements TokenPersistenceHandler {
  static final String REFRESH = "refresh";
  static final String ACCESS = "access";
  private static final System.Logger LOG = System.getLogger(EncryptedTokenStore.class.getName());

  private final TokenPersistenceHandler store;
  private final TokenCipher cipher;
  private final String namespace;
  private final boolean acceptPlaintext;
  private final AtomicBoolean plainTextWarned = new AtomicBoolean();

  private EncryptedTokenStore(TokenPersistenceHandler store, TokenCipher cipher, String namespace,
      boolean acceptPlaintext) {
    this.store = Objects.requireNonNull(store, "store");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.acceptPlaintext = acceptPlaintext;
  }

  /**
   * {@code store} sealed with {@code key} (AES-256-GCM; {@code oldKeys} are still read), its seals bound to
   * {@code namespace} (null: the store's own {@link TokenPersistenceHandler#namespace()}). With no key nothing is
   * sealed, and a sealed value read is a typed error naming its key id instead of a token sent to Zoho. With a key,
   * plain tokens are read only when {@code acceptPlaintext}.
   *
   * @param key 32 bytes ({@link #decodeKey}), or null
   */
  public static EncryptedTokenStore over(TokenPersistenceHandler store, byte[] key, List<byte[]> oldKeys,
      String namespace, boolean acceptPlaintext) {
    if (key != null) {
      store.plainTokensRequired().ifPresent(why -> {
        throw new ConfigurationException("token_encryption_key cannot be used with this token store: " + why + ".");
      });
    }
    return over(store, key == null ? TokenCipher.none() : TokenCipher.of(key, oldKeys), namespace, acceptPlaintext);
  }

  static EncryptedTokenStore over(TokenPersistenceHandler store, TokenCipher cipher, String namespace,
      boolean acceptPlaintext) {
    return new EncryptedTokenStore(store, cipher, namespace != null ? namespace : store.namespace(),
        acceptPlaintext);
  }

  /** The namespace the seals are bound to. */
  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    return store.onRefreshStored(listener);
  }

  @Override
  public Optional<java.time.Duration> leaseRemaining(String userIdentifier) {
    return store.leaseRemaining(userIdentifier);
  }

  /** The store underneath, which holds the sealed values. */
  public TokenPersistenceHandler store() {
    return store;
  }

  /** The 32 bytes of a key written in base64 (standard or URL-safe). */
  public static byte[] decodeKey(String base64) {
    return TokenCipher.decodeKey(base64);
  }

  /** Whether values are sealed on save: there is a key. */
  public boolean encrypts() {
    return cipher.encrypts();
  }

  /** The id of the key new values are sealed with, which reports show instead of the key. */
  public String currentKeyId() {
    return cipher.currentKeyId();
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    return store.load(userIdentifier).map(this::open);
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    store.save(seal(tokens));
  }

  @Override
  public void delete(String userIdentifier) {
    store.delete(userIdentifier);
  }

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    if (!expected.userIdentifier().equals(replacement.userIdentifier())) {
      throw new IllegalArgumentException("expected and replacement tokens are for different users");
    }
    Optional<ZohoOAuthTokens> stored = store.load(expected.userIdentifier());
    if (stored.isEmpty() || !open(stored.get()).equals(expected)) {
      return false;
    }
    return store.replace(stored.get(), seal(replacement));
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    return store.tryLeaseRefresh(userIdentifier, leaseTime).map(lease -> {
      try {
        return new OpenedLease(lease, open(lease.current()));
      } catch (RuntimeException e) {
        lease.close();
        throw e;
      }
    });
  }

  @Override
  public List<String> userIdentifiers() {
    return store.userIdentifiers();
  }

  @Override
  public void close() {
    store.close();
  }

  /** What {@link #rekey} did for one user. */
  public enum Rekeyed {
    /** Sealed again with the current key (it was plain text, or under an old key). */
    REENCRYPTED,
    /** Already under the current key: nothing written. */
    CURRENT,
    /** Deleted since it was listed. */
    GONE,
    /** Another holder had the user's lease, or wrote meanwhile: nothing written; its next save seals it anyway. */
    BUSY
  }

  /**
   * Seals the user's stored tokens with the current key, under the user's lease so that it never overwrites a
   * refresh or a grant that lands meanwhile (its write is the lease's fenced compare-and-set).
   *
   * @throws io.github.zohooauth.exception.TokenDecryptionException when the stored value cannot be opened
   */
  public Rekeyed rekey(String user, Duration leaseTime) {
    Optional<RefreshLease> taken;
    try {
      taken = store.tryLeaseRefresh(user, leaseTime);
    } catch (UnknownUserException e) {
      return Rekeyed.GONE;
    }
    if (taken.isEmpty()) {
      return Rekeyed.BUSY;
    }
    try (RefreshLease lease = taken.get()) {
      ZohoOAuthTokens stored = lease.current();
      ZohoOAuthTokens plain = open(stored); // checks the tag even when current: a rekey must not bless an edit
      if (cipher.isCurrent(stored.refreshToken()) && cipher.isCurrent(stored.accessToken())) {
        return Rekeyed.CURRENT;
      }
      return lease.complete(seal(plain)) ? Rekeyed.REENCRYPTED : Rekeyed.BUSY;
    }
  }

  @Override
  public String toString() {
    return store + " (tokens encrypted: " + cipher.encrypts() + ")";
  }

  private ZohoOAuthTokens seal(ZohoOAuthTokens tokens) {
    if (!cipher.encrypts()) {
      return tokens;
    }
    TokenCipher.Binding binding = TokenCipher.Binding.of(tokens, namespace);
    return tokens.toBuilder().refreshToken(cipher.seal(binding, REFRESH, tokens.refreshToken()))
        .accessToken(cipher.seal(binding, ACCESS, tokens.accessToken())).build();
  }

  /**
   * The plain tokens of what the store returned, if it can be trusted: every token sealed and its tag good; or,
   * with no key, every token plain; or plain during a migration that {@code acceptPlaintext} announced.
   *
   * @throws TokenDecryptionException for anything else; nothing has been sent or changed
   */
  private ZohoOAuthTokens open(ZohoOAuthTokens stored) {
    String user = stored.userIdentifier();
    boolean plainRefresh = stored.refreshToken() != null && !TokenCipher.isSealed(stored.refreshToken());
    boolean plainAccess = stored.accessToken() != null && !TokenCipher.isSealed(stored.accessToken());
    boolean sealedAny = TokenCipher.isSealed(stored.refreshToken()) || TokenCipher.isSealed(stored.accessToken());
    if (sealedAny && (plainRefresh || plainAccess)) {
      throw new TokenDecryptionException("The tokens stored for user '" + user + "' mix an encrypted and a plain "
          + "token: this library never writes such an entry, so one of them was written by hand or planted. Nothing "
          + "was sent to Zoho and nothing was changed; generate new tokens for the user (a grant, or the CLI's "
          + "add-user).", user, null, null);
    }
    if (!sealedAny) {
      if (cipher.encrypts() && (plainRefresh || plainAccess)) {
        refuseOrWarnPlainText(user);
      }
      return stored;
    }
    TokenCipher.Binding binding = TokenCipher.Binding.of(stored, namespace);
    return stored.toBuilder().refreshToken(cipher.open(binding, REFRESH, stored.refreshToken()))
        .accessToken(cipher.open(binding, ACCESS, stored.accessToken())).build();
  }

  private void refuseOrWarnPlainText(String user) {
    if (!acceptPlaintext) {
      throw new TokenDecryptionException("The tokens stored for user '" + user + "' are in plain text, but "
          + "token_encryption_key is set: with a key, only encrypted tokens are trusted, as anyone who can write to "
          + "the store could have planted plain ones. Nothing was sent to Zoho and nothing was changed. If these were "
          + "stored before encryption was turned on, set token_encryption_accept_plaintext=true (ZohoOAuthClientBuilder."
          + "acceptPlaintextTokens) and run 'zoho-oauth rekey' once, then remove the setting; otherwise generate new "
          + "tokens for the user.", user, null, null);
    }
    if (plainTextWarned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "The tokens of user ''{0}'' are stored in plain text and read because "
          + "token_encryption_accept_plaintext is set; they are encrypted at their next save, and ''zoho-oauth "
          + "rekey'' encrypts every user now; then remove the setting. If Zoho''s SDKs read this store (their "
          + "oauthtokens table, say), they cannot use encrypted tokens: keep them on a store of their own. (Said "
          + "once per client.)", user);
    }
  }

  /** A lease whose {@link #current()} is opened and whose completion is sealed; the store's lease does the rest. */
  private final class OpenedLease implements RefreshLease {
    private final RefreshLease sealed;
    private final ZohoOAuthTokens current;

    OpenedLease(RefreshLease sealed, ZohoOAuthTokens current) {
      this.sealed = sealed;
      this.current = current;
    }

    @Override
    public ZohoOAuthTokens current() {
      return current;
    }

    @Override
    public boolean complete(ZohoOAuthTokens refreshed) {
      ZohoOAuthTokens toStore;
      try {
        toStore = seal(refreshed);
      } catch (RuntimeException e) {
        sealed.close();
        throw e;
      }
      return sealed.complete(toStore) || resealedOnly(toStore);
    }

    /**
     * The store refused the completion. If all that changed since the lease was granted is the encryption (a rekey
     * sealed the same tokens again: with the SPI's default lease it does not wait for this one), the tokens are still
     * the ones this refresh replaces, so it stores by compare-and-set on what is stored now. Any other change (a
     * grant, a delete, another refresh) makes the plain tokens differ, and it stores nothing: those writes still win.
     * A lease that merely ran out leaves the stored value as it was read, and stores nothing either.
     */
    private boolean resealedOnly(ZohoOAuthTokens toStore) {
      Optional<ZohoOAuthTokens> now = store.load(current.userIdentifier());
      if (now.isEmpty() || now.get().equals(sealed.current())) {
        return false;
      }
      try {
        return open(now.get()).equals(current) && store.replace(now.get(), toStore);
      } catch (TokenDecryptionException e) {
        return false; // sealed under a key this client lacks: not the same tokens as far as it can tell
      }
    }

    @Override
    public void close() {
      sealed.close();
    }
  }
}
