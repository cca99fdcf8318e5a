package io.github.zohooauth;

import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.crypto.EncryptedTokenStore;
import io.github.zohooauth.internal.http.AccountsServers;
import io.github.zohooauth.internal.refresh.RefreshSettings;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link ZohoOAuthClient}. Client id, client secret and a token store are required; every other
 * setting has a default suited to Zoho's servers.
 */
public final class ZohoOAuthClientBuilder {
  private static final System.Logger LOG = System.getLogger(ZohoOAuthClientBuilder.class.getName());

  String clientId;
  String clientSecret;
  String redirectUri;
  String scope;
  AccessType accessType = AccessType.OFFLINE;
  String accountsUrl = DataCenter.US.accountsUrl();
  String currentUserEmail;
  TokenPersistenceHandler store;
  Clock clock = Clock.systemUTC();
  HttpSettings http = HttpSettings.defaults();
  final RefreshSettings.Builder refresh = RefreshSettings.builder();
  final List<String> allowedApiHosts = new ArrayList<>();
  final List<String> allowedAccountsServers = new ArrayList<>();
  RefreshSettings refreshSettings;
  final List<TokenEventListener> listeners = new ArrayList<>();
  byte[] encryptionKey;
  byte[] sealingKey;
  final List<byte[]> oldEncryptionKeys = new ArrayList<>();
  String encryptionNamespace;
  Sleeper sleeper = Sleeper.SYSTEM;
  boolean acceptPlaintext;
  Ticker ticker = Ticker.system();

  ZohoOAuthClientBuilder() {}

  /** The client id from the Zoho API console ({@code 1000.XXXX}). Required. */
  public ZohoOAuthClientBuilder clientId(String clientId) {
    this.clientId = requireText(clientId, "clientId");
    return this;
  }

  /** The client secret from the Zoho API console. Required. */
  public ZohoOAuthClientBuilder clientSecret(String clientSecret) {
    this.clientSecret = requireText(clientSecret, "clientSecret");
    return this;
  }

  /** The redirect URI registered for the client; needed for grant exchanges and authorization URLs. */
  public ZohoOAuthClientBuilder redirectUri(String redirectUri) {
    String uri = AccountsServers.checkedRedirectUri(requireText(redirectUri, "redirectUri"));
    this.redirectUri = uri;
    return this;
  }

  /** Default scopes for {@link ZohoOAuthClient#authorizationUrl}, comma-separated. */
  public ZohoOAuthClientBuilder scope(String scope) {
    this.scope = requireText(scope, "scope");
    return this;
  }

  /** Default {@code access_type} for authorization URLs; {@link AccessType#OFFLINE} unless set. */
  public ZohoOAuthClientBuilder accessType(AccessType accessType) {
    this.accessType = Objects.requireNonNull(accessType, "accessType");
    return this;
  }

  /** The data centre of the client; {@link DataCenter#US} unless set. */
  public ZohoOAuthClientBuilder dataCenter(DataCenter dataCenter) {
    this.accountsUrl = dataCenter.accountsUrl();
    return this;
  }

  /**
   * The accounts server URL, instead of a data centre: for the testkit fake, or a server Zoho adds. It must be
   * https, except on a loopback address.
   */
  public ZohoOAuthClientBuilder accountsUrl(String accountsUrl) {
    String url = AccountsServers.checkedOrigin(requireText(accountsUrl, "accountsUrl"));
    this.accountsUrl = url;
    return this;
  }

  /** The user {@link ZohoOAuthClient#getAccessToken()} without arguments is for. */
  public ZohoOAuthClientBuilder currentUserEmail(String currentUserEmail) {
    this.currentUserEmail = UserIdentifiers.check(currentUserEmail);
    return this;
  }

  /** Where tokens are kept. Required. */
  public ZohoOAuthClientBuilder tokenStore(TokenPersistenceHandler store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /** The clock for expiry decisions; tests pass one they control. */
  public ZohoOAuthClientBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    refresh.clock(clock);
    return this;
  }

  /**
   * The monotonic time source for the refresh engine's waits and backoffs; default {@link System#nanoTime()}.
   * Tests pass one they control.
   */
  public ZohoOAuthClientBuilder ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    refresh.ticker(ticker);
    return this;
  }

  /**
   * Hosts besides Zoho's own API hosts that a token answer's {@code api_domain} may name, such as a gateway of
   * yours. Answers naming any other host are refused, since applications send the user's tokens there.
   */
  public ZohoOAuthClientBuilder allowApiDomains(String... hosts) {
    for (String host : hosts) {
      allowedApiHosts.add(requireText(host, "api domain host"));
    }
    return this;
  }

  /**
   * Accounts servers besides the configured one and Zoho's own that the client secret and refresh tokens may go
   * to, as https origins ({@code https://accounts.example.com}; http only on loopback, for a second testkit fake
   * playing another data centre): a data centre Zoho added after this version, say. A grant redirect or a stored
   * {@code accounts_server} naming any other server is refused before anything is sent.
   *
   * @throws IllegalArgumentException when one is not a bare https origin
   */
  public ZohoOAuthClientBuilder allowAccountsServers(String... origins) {
    for (String origin : origins) {
      allowedAccountsServers.add(AccountsServers.checkedOrigin(requireText(origin, "accounts server")));
    }
    return this;
  }

  /**
   * Hears refreshes, their failures, rate limits, rejected tokens and store outages, on a thread of the client's;
   * may be called more than once.
   */
  public ZohoOAuthClientBuilder eventListener(TokenEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** The pauses between retries (tests pass one that records them and returns at once). */
  ZohoOAuthClientBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /** Timeouts, retries and proxy for calls to Zoho. */
  public ZohoOAuthClientBuilder http(HttpSettings http) {
    this.http = Objects.requireNonNull(http, "http");
    return this;
  }

  /** How long before expiry a background refresh starts; default 5 minutes. */
  public ZohoOAuthClientBuilder refreshWindow(Duration refreshWindow) {
    refresh.refreshWindow(refreshWindow);
    return this;
  }

  /** How long before expiry a token is no longer handed out; default 1 minute. */
  public ZohoOAuthClientBuilder expiryMargin(Duration expiryMargin) {
    refresh.expiryMargin(expiryMargin);
    return this;
  }

  /** How long after a failed refresh of a user no new refresh is tried; default 5 seconds. */
  public ZohoOAuthClientBuilder refreshFailureBackoff(Duration backoff) {
    refresh.failureBackoff(backoff);
    return this;
  }

  /** How long after Zoho's rate-limit answer no new refresh of that user is tried; default 60 seconds. */
  public ZohoOAuthClientBuilder rateLimitBackoff(Duration backoff) {
    refresh.rateLimitBackoff(backoff);
    return this;
  }

  /** How many users' tokens are held in memory; default 10,000. */
  public ZohoOAuthClientBuilder tokenCacheSize(int size) {
    refresh.cacheSize(size);
    return this;
  }

  /**
   * Encrypts the refresh and access tokens in the store with AES-256-GCM under this key: 32 random bytes in base64
   * ({@code openssl rand -base64 32}), kept out of source and configuration files. The other fields stay
   * readable. Tokens stored in plain text are still read, and encrypted at their next save. Ignored, with a
   * warning, by the in-memory store. The key never appears in a message or a log.
   *
   * @throws IllegalArgumentException when it is not base64 of 32 bytes
   */
  public ZohoOAuthClientBuilder tokenEncryptionKey(String base64Key) {
    this.encryptionKey = decodeKey(base64Key, "The token encryption key");
    return this;
  }

  /**
   * Keys the stored tokens may still be encrypted with, after {@link #tokenEncryptionKey} changed: they are read,
   * and encrypted with the current key at their next save or by {@link ZohoOAuthClient#rekeyStoredTokens()}.
   *
   * @throws IllegalArgumentException when one is not base64 of 32 bytes
   */
  public ZohoOAuthClientBuilder tokenEncryptionOldKeys(String... base64Keys) {
    Objects.requireNonNull(base64Keys, "base64Keys");
    oldEncryptionKeys.clear();
    for (int i = 0; i < base64Keys.length; i++) {
      oldEncryptionKeys.add(decodeKey(base64Keys[i], "Old token encryption key " + (i + 1) + " of "
          + base64Keys.length));
    }
    return this;
  }

  /**
   * During a move to encryption only: reads tokens stored in plain text although {@link #tokenEncryptionKey} is
   * set, and encrypts them at their next save or by {@link ZohoOAuthClient#rekeyStoredTokens()}. Off by default,
   * because with a key a plain token may have been planted by someone who can write to the store but has no key;
   * turn it off again once the rekey has run. An entry mixing an encrypted and a plain token is refused either way.
   */
  public ZohoOAuthClientBuilder acceptPlaintextTokens(boolean accept) {
    this.acceptPlaintext = accept;
    return this;
  }

  /**
   * The namespace every encrypted value is bound to; default the store's own
   * ({@link TokenPersistenceHandler#namespace()}: {@code jdbc:<table>}, {@code redis:<prefix>},
   * {@code file:<folder>}). Pin it to the old name before renaming a table, key prefix or folder, or the moved
   * values fail to decrypt as copies would.
   */
  public ZohoOAuthClientBuilder tokenEncryptionNamespace(String namespace) {
    this.encryptionNamespace = requireText(namespace, "tokenEncryptionNamespace");
    return this;
  }

  private static byte[] decodeKey(String base64Key, String which) {
    try {
      return EncryptedTokenStore.decodeKey(base64Key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(which + " is " + e.getMessage(), null);
    }
  }

  /**
   * How many refreshes run at once, each on one of the client's threads and each one token request at Zoho;
   * default 16. More users than this wait in a queue.
   */
  public ZohoOAuthClientBuilder maxConcurrentRefreshes(int max) {
    refresh.maxConcurrentRefreshes(max);
    return this;
  }

  /** The longest a caller of {@code getAccessToken} waits for the refresh of an expired token; default 30 s. */
  public ZohoOAuthClientBuilder refreshWaitTimeout(Duration timeout) {
    refresh.waitTimeout(timeout);
    return this;
  }

  /**
   * How long a refresh lease in a shared store excludes other instances; default 30 s. An instance that dies
   * mid-refresh delays the others by at most this; one that outlives it cannot overwrite newer tokens.
   */
  public ZohoOAuthClientBuilder refreshLeaseTime(Duration leaseTime) {
    refresh.leaseTime(leaseTime);
    return this;
  }

  /**
   * @throws ConfigurationException when a required setting is missing
   */
  public ZohoOAuthClient build() {
    if (clientId == null || clientSecret == null) {
      throw new ConfigurationException("The client id and client secret are required: copy them from the Zoho "
          + "API console (client_id and client_secret in the properties; clientId and clientSecret on the builder).");
    }
    if (store == null) {
      throw new ConfigurationException("A token store is required: ZohoOAuthClientBuilder.tokenStore(new "
          + "InMemoryTokenPersistenceHandler()) for tests and single-instance apps, or a file or jdbc store.");
    }
    try {
      refreshSettings = refresh.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid refresh settings: " + e.getMessage(), e);
    }
    sealingKey = sealingKey();
    return new ZohoOAuthClient(this);
  }

  /** The key to seal with: null for none. */
  private byte[] sealingKey() {
    if (encryptionKey == null) {
      if (!oldEncryptionKeys.isEmpty()) {
        throw new ConfigurationException("Old token encryption keys are set, but no current one: set "
            + "token_encryption_key in the properties (ZohoOAuthClientBuilder.tokenEncryptionKey in code) to the key "
            + "to encrypt with, and keep the old ones to read what they encrypted.");
      }
      return null;
    }
    if (store instanceof InMemoryTokenPersistenceHandler) {
      LOG.log(Level.WARNING, "token_encryption_key is ignored: the in-memory store keeps tokens only in this "
          + "process's memory, where they are plain anyway.");
      return null;
    }
    return encryptionKey;
  }

  static String requireText(String value, String name) {
    if (value == null || value.trim().isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value.trim();
  }
}
