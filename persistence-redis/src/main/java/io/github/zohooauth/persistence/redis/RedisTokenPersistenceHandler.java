package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.Secrets;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.AbstractRefreshLease;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tokens in Redis: standalone, Sentinel or Cluster, shared by every instance of an application.
 *
 * <ul>
 *   <li><b>Layout.</b> One hash per user ({@code <prefix>{<user>}:tokens}), its refresh lease
 *       ({@code <prefix>{<user>}:lease}) and a set indexing the users ({@code <prefix>users}). The user part is the
 *       identifier in URL-safe Base64, so any identifier is a valid hash tag and is kept byte for byte; a user's keys
 *       share that tag, so their scripts run on one Cluster slot. Refresh tokens have no time to live.</li>
 *   <li><b>Writes.</b> A save, a compare-and-set and a lease's completion are each one Lua script: never
 *       delete-then-insert. The index is written after the hash (on another slot in a Cluster), and listing checks
 *       each indexed user still has a hash.</li>
 *   <li><b>Lease.</b> {@code SET NX PX} with a random owner. Completing is one script that stores only while the
 *       lease is still the owner's and the hash still holds the tokens read under it, so a holder whose lease ran out
 *       while it worked (and whose successor stored meanwhile) stores nothing; releasing deletes the lease only if it
 *       is still the owner's.</li>
 *   <li><b>Time.</b> Every command has the connection's timeout; a Redis that is down fails a call at once.</li>
 * </ul>
 *
 * <p>Thread-safe: Lettuce connections are.
 */
public final class RedisTokenPersistenceHandler implements TokenPersistenceHandler {
  private static final System.Logger LOG = System.getLogger(RedisTokenPersistenceHandler.class.getName());
  public static final String DEFAULT_KEY_PREFIX = "zoho-oauth:";

  private final RedisClusterCommands<String, String> redis;
  private final String prefix;
  private final String description;
  private final AutoCloseable owned;
  /** Where a pub/sub connection comes from; null when the store was given a connection, not a client. */
  private final AbstractRedisClient client;
  private volatile boolean closed;

  private RedisTokenPersistenceHandler(Builder builder) {
    this.client = builder.client;
    this.redis = builder.redis;
    this.prefix = builder.prefix;
    this.description = builder.description;
    this.owned = builder.owned;
  }

  /** A store on the application's own connection, which it keeps and closes itself. */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    return new Builder(connection.sync(), "a standalone or Sentinel connection", null);
  }

  /** A store on the application's own Cluster connection, which it keeps and closes itself. */
  public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
    return new Builder(connection.sync(), "a Cluster connection", null);
  }

  /**
   * A store on a connection of its own, opened on the application's client: its address, credentials, TLS and
   * threads, with no second client. Each command waits at most {@code timeout}. {@link #close()} closes that
   * connection and leaves the client to the application. This is how the Spring Boot starter uses the application's
   * Lettuce connection factory.
   *
   * @throws IllegalArgumentException when the client was made without an address ({@code RedisClient.create()})
   * @throws TokenStoreException when Redis cannot be reached
   */
  public static Builder builder(AbstractRedisClient client, Duration timeout) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(timeout, "timeout");
    try {
      if (client instanceof RedisClusterClient) {
        StatefulRedisClusterConnection<String, String> connection = ((RedisClusterClient) client).connect();
        connection.setTimeout(timeout);
        return new Builder(connection.sync(), "a connection of the application's Cluster client", connection)
            .client(client);
      }
      if (client instanceof RedisClient) {
        StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
        connection.setTimeout(timeout);
        return new Builder(connection.sync(), "a connection of the application's Redis client", connection)
            .client(client);
      }
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("The Redis client has no address: make it with RedisClient.create(uri) or "
          + "RedisClusterClient.create(uris), or pass a connection instead.", e);
    } catch (RedisException e) {
      throw new TokenStoreException("Could not connect to Redis through the application's client: "
          + Secrets.maskUrl(e.getMessage()) + ". Check that Redis runs and is reachable at that address.", null, e);
    }
    throw new IllegalArgumentException("Not a Lettuce RedisClient or RedisClusterClient: " + client.getClass()
        .getName());
  }

  /** A store that owns what {@code owned} closes (the provider's client and connection). */
  static Builder owning(RedisClusterCommands<String, String> redis, String description, AutoCloseable owned) {
    return new Builder(redis, description, owned);
  }

  /**
   * Subscribes, on one pub/sub connection of its own, to the channel every refresh stored through a lease publishes
   * to ({@code <prefix>refreshed}). Only a store made from a client (the provider's, or the application's client)
   * has one; a store given a bare connection tells nothing, and its waiters poll.
   */
  @Override
  public AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    if (client == null) {
      return () -> { };
    }
    io.lettuce.core.pubsub.RedisPubSubAdapter<String, String> messages =
        new io.lettuce.core.pubsub.RedisPubSubAdapter<String, String>() {
          @Override
          public void message(String channel, String user) {
            listener.accept(user);
          }
        };
    try {
      io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> subscribed = client instanceof RedisClusterClient
          ? ((RedisClusterClient) client).connectPubSub() : ((RedisClient) client).connectPubSub();
      subscribed.addListener(messages);
      subscribed.sync().subscribe(refreshedChannel());
      return subscribed::close;
    } catch (RedisException e) {
      LOG.log(Level.WARNING, "could not subscribe to the refreshes other instances store; waiters poll: {0}",
          Secrets.maskUrl(e.getMessage()));
      return () -> { };
    }
  }

  private String refreshedChannel() {
    return prefix + "refreshed";
  }

  /** Tells the subscribed instances; a failure is not the refresh's, as the waiters poll anyway. */
  private void notifyStored(String user) {
    try {
      redis.publish(refreshedChannel(), user);
    } catch (RedisException e) {
      LOG.log(Level.DEBUG, "could not tell the other instances of user ''{0}''s refresh: {1}", user, e.getMessage());
    }
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    Map<String, String> hash = call(userIdentifier, () -> redis.hgetall(tokensKey(userIdentifier)));
    return hash.isEmpty() ? Optional.empty() : Optional.of(TokenHash.tokens(hash, userIdentifier));
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    String user = tokens.userIdentifier();
    call(user, () -> redis.eval(RedisScripts.SAVE, ScriptOutputType.INTEGER, new String[] {tokensKey(user)},
        TokenHash.values(tokens).toArray(new String[0])));
    call(user, () -> redis.sadd(indexKey(), user));
  }

  @Override
  public void delete(String userIdentifier) {
    call(userIdentifier, () -> redis.del(tokensKey(userIdentifier), leaseKey(userIdentifier)));
    call(userIdentifier, () -> redis.srem(indexKey(), userIdentifier));
  }

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    String user = replacement.userIdentifier();
    List<String> args = new ArrayList<>(TokenHash.values(expected));
    args.addAll(TokenHash.values(replacement));
    Long replaced = call(user, () -> redis.eval(RedisScripts.REPLACE, ScriptOutputType.INTEGER,
        new String[] {tokensKey(user)}, args.toArray(new String[0])));
    return replaced != null && replaced == 1L;
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    String owner = UUID.randomUUID().toString();
    Long claimed = call(userIdentifier, () -> redis.eval(RedisScripts.CLAIM, ScriptOutputType.INTEGER,
        new String[] {leaseKey(userIdentifier)}, owner, Long.toString(leaseTime.toMillis())));
    if (claimed == null || claimed != 1L) {
      return Optional.empty();
    }
    Optional<ZohoOAuthTokens> current;
    try {
      current = load(userIdentifier);
    } catch (RuntimeException e) {
      release(userIdentifier, owner);
      throw e;
    }
    if (current.isEmpty()) {
      release(userIdentifier, owner);
      throw new UnknownUserException(userIdentifier);
    }
    return Optional.of(new Lease(current.get(), owner));
  }

  /** Every user with a hash, sorted. */
  @Override
  public List<String> userIdentifiers() {
    List<String> users = new ArrayList<>();
    for (String user : call(null, () -> redis.smembers(indexKey()))) {
      if (call(user, () -> redis.exists(tokensKey(user))) == 1L) {
        users.add(user);
      }
    }
    Collections.sort(users);
    return users;
  }

  @Override
  public void close() {
    closed = true;
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing the Redis connection of the token store failed: {0}", e.getMessage());
      }
    }
  }

  /** {@code redis:<key prefix>}: a hash copied from under another prefix fails to decrypt. */
  @Override
  public String namespace() {
    return "redis:" + prefix;
  }

  @Override
  public String toString() {
    return "RedisTokenPersistenceHandler{" + description + ", keyPrefix=" + prefix + "}";
  }

  String tokensKey(String user) {
    return prefix + "{" + tag(user) + "}:tokens";
  }

  String leaseKey(String user) {
    return prefix + "{" + tag(user) + "}:lease";
  }

  private String indexKey() {
    return prefix + "users";
  }

  private static String tag(String user) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8));
  }

  private void release(String user, String owner) {
    try {
      call(user, () -> redis.eval(RedisScripts.RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(user)},
          owner));
    } catch (TokenStoreException e) {
      LOG.log(Level.WARNING, "could not give up the refresh lease of user ''{0}''; it runs out by itself: {1}", user,
          e.getMessage());
    }
  }

  /** A Redis call whose failure is a {@link TokenStoreException} naming the store, never a password. */
  private <T> T call(String user, Supplier<T> command) {
    if (closed) {
      throw new TokenStoreException("The Redis token store (" + description + ") is closed" + (user == null ? ""
          : "; user '" + user + "' was not read or written") + ". Use the store of a client that is still open.",
          user, null);
    }
    try {
      return command.get();
    } catch (RedisException e) {
      throw new TokenStoreException("The Redis token store (" + description + ") failed" + (user == null ? ""
          : " for user '" + user + "'") + ": " + Secrets.maskUrl(String.valueOf(e.getMessage()))
          + ". Nothing was changed unless the message says otherwise; check that Redis runs and is reachable.",
          user, e);
    }
  }

  /** A lease held in {@code <prefix>{<user>}:lease} with a random owner. */
  private final class Lease extends AbstractRefreshLease {
    private final String owner;

    Lease(ZohoOAuthTokens current, String owner) {
      super(current);
      this.owner = owner;
    }

    @Override
    protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
      String user = current.userIdentifier();
      List<String> args = new ArrayList<>();
      args.add(owner);
      args.addAll(TokenHash.values(current));
      args.addAll(TokenHash.values(refreshed));
      Long stored = call(user, () -> redis.eval(RedisScripts.COMPLETE, ScriptOutputType.INTEGER,
          new String[] {tokensKey(user), leaseKey(user)}, args.toArray(new String[0])));
      if (stored != null && stored == 1L) {
        notifyStored(user);
        return true;
      }
      return false;
    }

    @Override
    protected void release(boolean stored) {
      RedisTokenPersistenceHandler.this.release(current().userIdentifier(), owner);
    }
  }

  /** Configures a store on a connection the application owns. */
  public static final class Builder {
    private final RedisClusterCommands<String, String> redis;
    private final String description;
    private final AutoCloseable owned;
    private String prefix = DEFAULT_KEY_PREFIX;
    private AbstractRedisClient client;

    private Builder(RedisClusterCommands<String, String> redis, String description, AutoCloseable owned) {
      this.redis = Objects.requireNonNull(redis, "connection");
      this.description = description;
      this.owned = owned;
    }

    /** The client its pub/sub connection comes from, when the store has one (from a client, not a connection). */
    Builder client(AbstractRedisClient client) {
      this.client = client;
      return this;
    }

    /** The prefix of every key; default {@value RedisTokenPersistenceHandler#DEFAULT_KEY_PREFIX}. Instances sharing users share it. */
    public Builder keyPrefix(String prefix) {
      if (prefix == null || prefix.trim().isEmpty()) {
        throw new IllegalArgumentException("the key prefix must not be empty: without one, the store's keys mix with "
            + "the application's own (its user index would be the bare key 'users'); use one such as zoho-oauth:");
      }
      if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException("the key prefix must be set and hold no '{' or '}' (they make the hash "
            + "tag of a Cluster key), was '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    public RedisTokenPersistenceHandler build() {
      return new RedisTokenPersistenceHandler(this);
    }
  }
}
