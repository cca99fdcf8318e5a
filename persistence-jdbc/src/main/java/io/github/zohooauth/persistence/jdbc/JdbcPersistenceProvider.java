package io.github.zohooauth.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.zohooauth.config.ConfigKeys;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.config.Secrets;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Provider {@code jdbc}: a HikariCP pool over MySQL Connector/J (or the PostgreSQL driver), configured by either
 * {@code jdbc_url} / {@code jdbc_username} / {@code jdbc_password}, or Zoho's SDK keys {@code mysql_server}
 * (localhost), {@code mysql_port} (3306), {@code mysql_database} (zohooauth), {@code mysql_username} (root),
 * {@code mysql_password} (empty).
 */
public final class JdbcPersistenceProvider implements TokenPersistenceProvider {
  public static final String JDBC_URL = "jdbc_url";
  public static final String JDBC_USERNAME = "jdbc_username";
  public static final String JDBC_PASSWORD = "jdbc_password";
  public static final String JDBC_TABLE = "jdbc_table";
  public static final String JDBC_POOL_SIZE = "jdbc_pool_size";
  public static final String JDBC_CREATE_TABLE = "jdbc_create_table";
  public static final String JDBC_QUERY_TIMEOUT_MS = "jdbc_query_timeout_ms";
  /**
   * With a table of Zoho's current SDKs, also write the client secret into the rows this store adds: only for SDK
   * applications that find their token by the row alone. Off by default.
   */
  public static final String JDBC_SDK_CLIENT_SECRET = "jdbc_sdk_client_secret";
  public static final String MYSQL_SERVER = "mysql_server";
  public static final String MYSQL_PORT = "mysql_port";
  public static final String MYSQL_DATABASE = "mysql_database";
  public static final String MYSQL_USERNAME = "mysql_username";
  public static final String MYSQL_PASSWORD = "mysql_password";

  private static final System.Logger LOG = System.getLogger(JdbcPersistenceProvider.class.getName());

  /** Small: a refresh holds one connection while Zoho answers; everything else is a single short statement. */
  static final int DEFAULT_POOL_SIZE = 4;

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Set<String> configurationKeys() {
    return Set.of(JDBC_URL, JDBC_USERNAME, JDBC_PASSWORD, JDBC_TABLE, JDBC_POOL_SIZE, JDBC_CREATE_TABLE,
        JDBC_QUERY_TIMEOUT_MS, JDBC_SDK_CLIENT_SECRET, MYSQL_SERVER, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USERNAME, MYSQL_PASSWORD);
  }

  @Override
  public TokenPersistenceHandler create(ConfigValues config) {
    boolean createTable = config.getBoolean(JDBC_CREATE_TABLE, true);
    HikariConfig pool = poolConfig(config, createTable);
    String description = Secrets.maskUrl(pool.getJdbcUrl())
        + (pool.getUsername() == null ? "" : " as " + pool.getUsername());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(pool);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String problem = "Could not connect to the token database " + description + " (from " + config.source() + "): "
          + Secrets.maskUrl(cause.getMessage()) + ". ";
      // SQLState class 28 is "invalid authorization": the configuration is wrong. Anything else (the database is
      // down, unreachable, starting) is the store failing, which a retry or a restart of the database fixes.
      if (cause instanceof SQLException && String.valueOf(((SQLException) cause).getSQLState()).startsWith("28")) {
        throw new ConfigurationException(problem + "Check " + JDBC_USERNAME + " and " + JDBC_PASSWORD + ".", e);
      }
      throw new TokenStoreException(problem + "Check that the database runs and is reachable at that address.",
          null, e);
    } catch (RuntimeException e) {
      throw new ConfigurationException("Could not set up the connection pool for " + description + ": "
          + Secrets.maskUrl(e.getMessage()), e);
    }
    String table = config.get(JDBC_TABLE) != null ? config.get(JDBC_TABLE) : JdbcTokenPersistenceHandler.DEFAULT_TABLE;
    boolean defaults = config.get(JDBC_URL, MYSQL_SERVER, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USERNAME) == null;
    LOG.log(Level.INFO, "Token store: table " + table + " in " + description + (defaults ? " (Zoho's SDK defaults: "
        + "no " + JDBC_URL + " and no mysql_* key is set in " + config.source() + ")" : ""));
    return JdbcTokenPersistenceHandler.builderOwning(dataSource, dataSource, description)
        .table(table)
        .createTable(createTable)
        .sdkClient(config.get(ConfigKeys.CLIENT_ID), config.getBoolean(JDBC_SDK_CLIENT_SECRET, false)
            ? config.get(ConfigKeys.CLIENT_SECRET) : null)
        .queryTimeout(Duration.ofMillis(config.getLong(JDBC_QUERY_TIMEOUT_MS,
            JdbcTokenPersistenceHandler.DEFAULT_QUERY_TIMEOUT.toMillis(), 1_000, 3_600_000)))
        .build();
  }

  static HikariConfig poolConfig(ConfigValues config, boolean createTable) {
    HikariConfig pool = new HikariConfig();
    String url = config.get(JDBC_URL);
    boolean mysqlKeys = config.get(MYSQL_SERVER, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USERNAME, MYSQL_PASSWORD) != null;
    if (url != null && mysqlKeys) {
      throw new ConfigurationException("Both " + JDBC_URL + " and mysql_* keys are set in " + config.source()
          + ". Keep " + JDBC_URL + " with " + JDBC_USERNAME + "/" + JDBC_PASSWORD + ", or the mysql_* keys alone.");
    }
    if (url != null) {
      if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:postgresql:")) {
        throw config.invalid(JDBC_URL, "not a MySQL, MariaDB or PostgreSQL JDBC URL",
            "Write it like jdbc:mysql://host:3306/zohooauth or jdbc:postgresql://host:5432/zohooauth.");
      }
      pool.setJdbcUrl(url);
      pool.setUsername(config.get(JDBC_USERNAME));
      pool.setPassword(config.get(JDBC_PASSWORD));
    } else {
      String server = orDefault(config.get(MYSQL_SERVER), "localhost");
      int port = config.getInt(MYSQL_PORT, 3306, 1, 65_535);
      String database = orDefault(config.get(MYSQL_DATABASE), "zohooauth");
      if (!database.matches("[A-Za-z0-9_$]+")) {
        throw config.invalid(MYSQL_DATABASE, "not a plain database name", "Use letters, digits and _ .");
      }
      // Zoho's SDKs expect the zohooauth database to exist; creating it is part of creating the table.
      pool.setJdbcUrl("jdbc:mysql://" + server + ":" + port + "/" + database + "?connectTimeout=5000"
          + (createTable ? "&createDatabaseIfNotExist=true" : ""));
      pool.setUsername(orDefault(config.get(MYSQL_USERNAME), "root"));
      pool.setPassword(orDefault(config.get(MYSQL_PASSWORD), ""));
    }
    pool.setMaximumPoolSize(config.getInt(JDBC_POOL_SIZE, DEFAULT_POOL_SIZE, 1, 1_000));
    // No minimumIdle: a fixed-size pool, as HikariCP advises. With one idle connection a refresh that arrives with
    // the others busy (the LISTEN connection on PostgreSQL holds one) opens a new one, about 100 ms on a loaded host.
    pool.setConnectionTimeout(5_000); // a database that is down fails a call in seconds, not the default 30
    pool.setValidationTimeout(2_000);
    pool.setPoolName("zoho-oauth-jdbc");
    return pool;
  }

  private static String orDefault(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
