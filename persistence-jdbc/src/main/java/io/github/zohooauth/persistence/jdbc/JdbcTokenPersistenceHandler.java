package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.StaleTokenRefresher;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tokens in a MySQL, MariaDB or PostgreSQL table, shared by every instance of an application.
 *
 * <ul>
 *   <li>The table keeps Zoho's SDK columns ({@code useridentifier}, {@code accesstoken}, {@code refreshtoken},
 *       {@code expirytime} in epoch milliseconds) plus {@code api_domain}, {@code scope} and
 *       {@code accounts_server}. A table made by Zoho's SDKs is adopted as it is, with the missing columns and the
 *       primary key added.</li>
 *   <li>Only parameterised SQL. A save is one atomic upsert, never delete-then-insert.</li>
 *   <li>{@link #refreshUnderLock} takes the user's row lock ({@code SELECT ... FOR UPDATE} in a transaction, with a
 *       bounded wait), re-reads, and refreshes only if still needed, so N instances refresh a user once. The lock and
 *       one pooled connection are held while Zoho answers (normally well under a second). Other instances that need
 *       that user wait for it, and no one else is blocked.</li>
 * </ul>
 */
public final class JdbcTokenPersistenceHandler implements TokenPersistenceHandler {
  public static final String DEFAULT_TABLE = "oauthtokens";
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final String table;
  private final Duration lockTimeout;
  private final String description;
  private final SqlDialect dialect;
  private final String selectSql;
  private final String selectForUpdateSql;
  private final String upsertSql;
  private final String deleteSql;

  private JdbcTokenPersistenceHandler(Builder builder) {
    this.dataSource = builder.dataSource;
    this.ownedPool = builder.ownedPool;
    this.table = TokenTable.validName(builder.table);
    this.lockTimeout = builder.lockTimeout;
    this.description = builder.description != null ? builder.description : "the DataSource given";
    try (Connection connection = dataSource.getConnection()) {
      this.dialect = SqlDialect.of(connection);
      TokenTable.prepare(connection, dialect, table, builder.createTable);
    } catch (SQLException e) {
      closePool();
      throw new ConfigurationException("Could not use the token table " + table + " at " + description + ": "
          + e.getMessage() + ". Check that the database runs and is reachable, the credentials, and that the user "
          + "may create or alter the table (or create it yourself and set jdbc_create_table=false).", e);
    } catch (RuntimeException e) {
      closePool();
      throw e;
    }
    this.selectSql = SqlDialect.select(table, false);
    this.selectForUpdateSql = SqlDialect.select(table, true);
    this.upsertSql = dialect.upsert(table);
    this.deleteSql = SqlDialect.delete(table);
  }

  /** A store over the application's own {@code DataSource} (its pool; closing the store does not close it). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  static Builder builderOwning(DataSource pool, AutoCloseable closer, String description) {
    Builder builder = new Builder(pool, closer);
    builder.description = description;
    return builder;
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    try (Connection connection = dataSource.getConnection()) {
      return read(connection, selectSql, userIdentifier);
    } catch (SQLException e) {
      throw failure("read the tokens", userIdentifier, e);
    }
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    try (Connection connection = dataSource.getConnection()) {
      upsert(connection, tokens);
    } catch (SQLException e) {
      throw failure("save the tokens", tokens.userIdentifier(), e);
    }
  }

  @Override
  public void delete(String userIdentifier) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(deleteSql)) {
      statement.setString(1, userIdentifier);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("delete the tokens", userIdentifier, e);
    }
  }

  /** In one transaction: lock the user's row, re-read it, refresh if still needed, upsert, commit. */
  @Override
  public ZohoOAuthTokens refreshUnderLock(String userIdentifier, StaleTokenRefresher refresh) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (AutoCloseable bounded = dialect.boundLockWait(connection, lockTimeout)) {
        ZohoOAuthTokens current = read(connection, selectForUpdateSql, userIdentifier)
            .orElseThrow(() -> new UnknownUserException(userIdentifier));
        ZohoOAuthTokens result = refresh.refreshIfStale(current);
        if (result != current) {
          upsert(connection, result); // on this connection: a save through the pool would wait for our own lock
        }
        connection.commit();
        return result;
      } catch (Exception e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if (dialect.isLockTimeout(e)) {
        throw new TokenStoreException("Could not lock the token row of user '" + userIdentifier + "' within "
            + lockTimeout.toSeconds() + " s: another instance holds it (a refresh waiting for Zoho, or a stuck "
            + "transaction). Nothing was changed.", userIdentifier, e);
      }
      throw failure("refresh the tokens under the row lock", userIdentifier, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw failure("restore the lock wait setting", userIdentifier, new SQLException(e));
    }
  }

  @Override
  public List<String> userIdentifiers() {
    List<String> users = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT useridentifier FROM " + table
            + " ORDER BY useridentifier");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        users.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new TokenStoreException("Could not list the users in table " + table + " at " + description + ": "
          + e.getMessage() + ".", null, e);
    }
    return users;
  }

  /** Closes the connection pool when this store created it. */
  @Override
  public void close() {
    closePool();
  }

  @Override
  public String toString() {
    return "JdbcTokenPersistenceHandler{" + dialect + ", table=" + table + ", at " + description + "}";
  }

  private Optional<ZohoOAuthTokens> read(Connection connection, String sql, String user) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, user);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String accessToken = row.getString("accesstoken");
        String refreshToken = row.getString("refreshtoken");
        if (accessToken == null && refreshToken == null) {
          throw new TokenStoreException("The row of user '" + user + "' in " + table + " holds neither an access "
              + "token nor a refresh token. Delete the row and authorize the user again.", user, null);
        }
        return Optional.of(ZohoOAuthTokens.builder()
            .userIdentifier(user)
            .accessToken(accessToken)
            .refreshToken(refreshToken)
            .expiresAt(Instant.ofEpochMilli(row.getLong("expirytime")))
            .apiDomain(row.getString("api_domain"))
            .scope(row.getString("scope"))
            .accountsServer(row.getString("accounts_server"))
            .build());
      }
    }
  }

  private void upsert(Connection connection, ZohoOAuthTokens tokens) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(upsertSql)) {
      statement.setString(1, tokens.userIdentifier());
      setNullable(statement, 2, tokens.accessToken());
      setNullable(statement, 3, tokens.refreshToken());
      statement.setLong(4, tokens.expiresAt().toEpochMilli());
      setNullable(statement, 5, tokens.apiDomain());
      setNullable(statement, 6, tokens.scope());
      setNullable(statement, 7, tokens.accountsServer());
      statement.executeUpdate();
    }
  }

  private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is likely dead; the pool discards it, and the database rolls back on its side
    }
  }

  private TokenStoreException failure(String what, String user, SQLException e) {
    return new TokenStoreException("Could not " + what + " of user '" + user + "' in table " + table + " at "
        + description + ": " + e.getMessage() + " (SQL state " + e.getSQLState() + "). Nothing stored was changed; "
        + "the operation can be retried once the database answers.", user, e);
  }

  private void closePool() {
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception ignored) {
        // closing a pool is best effort
      }
    }
  }

  /** Settings of a JDBC store. */
  public static final class Builder {
    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private String table = DEFAULT_TABLE;
    private boolean createTable = true;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private String description;

    private Builder(DataSource dataSource, AutoCloseable ownedPool) {
      this.dataSource = dataSource;
      this.ownedPool = ownedPool;
    }

    /** The table, optionally {@code schema.table}; default {@code oauthtokens}, as Zoho's SDKs name it. */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** Whether the store may create the table or add what it lacks; default true. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /** How long a refresh waits for another instance's lock on the same user; default 60 seconds. */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * Connects, checks the table (creating or completing it when allowed).
     *
     * @throws ConfigurationException naming the database (never the password) and its own message
     */
    public JdbcTokenPersistenceHandler build() {
      return new JdbcTokenPersistenceHandler(this);
    }
  }
}
