package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.config.Secrets;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Provider {@code redis}: {@code redis_url} (default {@code redis://127.0.0.1:6379/0}; {@code rediss://} for TLS,
 * {@code redis-sentinel://} for Sentinel), or {@code redis_cluster_nodes} for a Cluster, {@code redis_key_prefix}
 * and {@code redis_timeout_ms}. A password goes in the URL, or in it through {@code ${ENV}}; it never reaches a log or
 * an error.
 */
public final class RedisPersistenceProvider implements TokenPersistenceProvider {
  public static final String REDIS_URL = "redis_url";
  public static final String REDIS_CLUSTER_NODES = "redis_cluster_nodes";
  public static final String REDIS_KEY_PREFIX = "redis_key_prefix";
  public static final String REDIS_TIMEOUT_MS = "redis_timeout_ms";
  static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** Lettuce's event loops; a token store's traffic is a few small commands at a time. */
  private static final int IO_THREADS = 2;
  private static final System.Logger LOG = System.getLogger(RedisPersistenceProvider.class.getName());

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> configurationKeys() {
    return Set.of(REDIS_URL, REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX, REDIS_TIMEOUT_MS);
  }

  @Override
  public TokenPersistenceHandler create(ConfigValues config) {
    Duration timeout = timeout(config);
    String nodes = config.get(REDIS_CLUSTER_NODES);
    String url = config.get(REDIS_URL);
    if (nodes != null && url != null) {
      throw new ConfigurationException("Both " + REDIS_URL + " and " + REDIS_CLUSTER_NODES + " are set in "
          + config.source() + ". Keep " + REDIS_URL + " for a standalone or Sentinel Redis, or "
          + REDIS_CLUSTER_NODES + " for a Cluster.");
    }
    List<RedisURI> uris = new ArrayList<>();
    String described = nodes != null ? nodes : url != null ? url : DEFAULT_URL;
    String key = nodes != null ? REDIS_CLUSTER_NODES : REDIS_URL;
    for (String part : described.split(",")) {
      try {
        RedisURI uri = RedisURI.create(part.trim());
        uri.setTimeout(timeout);
        uris.add(uri);
      } catch (IllegalArgumentException e) {
        throw config.invalid(key, "not a Redis URL (" + Secrets.maskUrl(part.trim()) + ")",
            "Write it like redis://host:6379/0, rediss://:password@host:6380/0 or "
                + "redis-sentinel://host:26379/0#mymaster" + (nodes != null ? ", separated by commas." : "."));
      }
    }
    String description = (nodes != null ? "Cluster " : "") + Secrets.maskUrl(described);
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(IO_THREADS)
        .computationThreadPoolSize(IO_THREADS).build();
    AbstractRedisClient client = null;
    try {
      RedisTokenPersistenceHandler.Builder builder;
      if (nodes != null) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
        client = cluster;
        cluster.setOptions(ClusterClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        StatefulRedisClusterConnection<String, String> connection = cluster.connect();
        builder = RedisTokenPersistenceHandler.owning(connection.sync(), description,
            closing(connection, cluster, resources)).client(cluster);
      } else {
        RedisClient standalone = RedisClient.create(resources, uris.get(0));
        client = standalone;
        standalone.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        StatefulRedisConnection<String, String> connection = standalone.connect();
        builder = RedisTokenPersistenceHandler.owning(connection.sync(), description,
            closing(connection, standalone, resources)).client(standalone);
      }
      RedisTokenPersistenceHandler store = withPrefix(builder, config).build();
      String prefix = config.get(REDIS_KEY_PREFIX);
      LOG.log(Level.INFO, "Token store: Redis " + description + ", key prefix " + (prefix != null ? prefix
          : RedisTokenPersistenceHandler.DEFAULT_KEY_PREFIX) + (url == null && nodes == null ? " (the default: no "
          + REDIS_URL + " is set in " + config.source() + ")" : ""));
      return store;
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown();
      }
      resources.shutdown();
      if (e instanceof ConfigurationException) {
        throw e;
      }
      String message = Secrets.maskUrl(String.valueOf(rootMessage(e)));
      if (message.contains("NOAUTH") || message.contains("WRONGPASS")) {
        throw new ConfigurationException("Redis " + description + " (" + key + " in " + config.source()
            + ") refused the credentials: " + message + ". Put the password in the URL (redis://:password@host), "
            + "or in it as ${ENV_VARIABLE}.", e);
      }
      throw new TokenStoreException("Could not connect to Redis " + description + " (" + key + " in "
          + config.source() + "): " + message + ". Check that Redis runs and is reachable at that address.", null, e);
    }
  }

  /**
   * A store on a connection of its own, opened on the application's Lettuce client (as
   * {@link RedisTokenPersistenceHandler#builder(AbstractRedisClient, Duration)}), with {@code redis_key_prefix} and
   * {@code redis_timeout_ms} read from {@code config} as {@link #create} reads them. The Spring Boot starter uses it
   * for the application's connection factory.
   */
  public TokenPersistenceHandler create(ConfigValues config, AbstractRedisClient applicationClient) {
    RedisTokenPersistenceHandler.Builder builder = RedisTokenPersistenceHandler.builder(applicationClient,
        timeout(config));
    try {
      return withPrefix(builder, config).build();
    } catch (RuntimeException e) {
      builder.build().close(); // the connection just opened; the client stays the application's
      throw e;
    }
  }

  private static Duration timeout(ConfigValues config) {
    return Duration.ofMillis(config.getLong(REDIS_TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis(), 100, 600_000));
  }

  private static RedisTokenPersistenceHandler.Builder withPrefix(RedisTokenPersistenceHandler.Builder builder,
      ConfigValues config) {
    String prefix = config.get(REDIS_KEY_PREFIX);
    if (prefix == null && config.keys().contains(REDIS_KEY_PREFIX)) {
      throw config.invalid(REDIS_KEY_PREFIX, "empty", "An empty prefix puts the store's keys among the "
          + "application's own (its user index would be the bare key 'users'): set a prefix such as zoho-oauth:, or "
          + "remove the line for that default.");
    }
    if (prefix != null) {
      try {
        builder.keyPrefix(prefix);
      } catch (IllegalArgumentException e) {
        throw config.invalid(REDIS_KEY_PREFIX, e.getMessage(), "");
      }
    }
    return builder;
  }

  private static AutoCloseable closing(AutoCloseable connection, AbstractRedisClient client,
      ClientResources resources) {
    return () -> {
      try {
        connection.close();
      } finally {
        client.shutdown();
        resources.shutdown();
      }
    };
  }

  private static String rootMessage(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      message.append(": ").append(cause.getMessage());
    }
    return message.toString();
  }
}
