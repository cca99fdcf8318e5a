package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.spi.AbstractRefreshLease;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 *   <li>{@link #replace} is one conditional {@code UPDATE}: it writes only where the row still holds the expected
 *       tokens.</li>
 *   <li>{@link #tryLeaseRefresh} claims a lease in the user's row ({@code refresh_lease}, {@code
 *       refresh_lease_until}) with one {@code UPDATE} that succeeds only where no live lease is; the database's
 *       clock decides when one has run out. No transaction, row lock or connection is held while Zoho answers. A
 *       holder that dies delays others by at most the lease; {@link RefreshLease#complete} is fenced by the lease and
 *       the expected tokens, so a holder whose lease was taken over, or whose user was saved or deleted meanwhile,
 *       stores nothing. Zoho's SDKs ignore the two columns and keep reading and writing the rows.</li>
 *   <li>Every statement has a time limit ({@code jdbc_query_timeout_ms}), so a stalled database ends in an
 *       error.</li>
 * </ul>
 */
public final class JdbcTokenPersistenceHandler implements TokenPersistenceHandler {
  private static final System.Logger LOG = System.getLogger(JdbcTokenPersistenceHandler.class.getName());
  public static final String DEFAULT_TABLE = "oauthtokens";
  /** Far above a primary-key statement's normal time; a stalled database fails instead of hanging a caller. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final String table;
  private final int queryTimeoutSeconds;
  private final String description;
  private final SqlDialect dialect;
  private final TableLayout layout;
  private final boolean textIds;
  private final String sdkClientId;
  private final String sdkClientSecret;
  private final String selectSql;
  private final String upsertSql;
  private final String updateSql;
  private final String insertSdkSql;
  private final String listSql;
  /** The notification channel of this table: every store on it, in any instance, uses the same. */
  private final String channel;
  private final String deleteSql;
  private final String replaceSql;
  private final String completeSql;
  private final String claimSql;
  private final String leaseRemainingSql;
  private final String releaseSql;

  private JdbcTokenPersistenceHandler(Builder builder) {
    this.dataSource = builder.dataSource;
    this.ownedPool = builder.ownedPool;
    this.table = TokenTable.validName(builder.table);
    this.queryTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, builder.queryTimeout.toSeconds()));
    this.description = builder.description != null ? builder.description : "the DataSource given";
    TokenTable.Shape shape;
    try (Connection connection = dataSource.getConnection()) {
      this.dialect = SqlDialect.of(connection);
      shape = TokenTable.prepare(connection, dialect, table, builder.createTable);
    } catch (SQLException e) {
      closePool();
      throw new ConfigurationException("Could not use the token table " + table + " at " + description + ": "
          + e.getMessage() + ". Check that the database runs and is reachable, the credentials, and that the user "
          + "may create or alter the table (or create it yourself and set jdbc_create_table=false).", e);
    } catch (RuntimeException e) {
      closePool();
      throw e;
    }
    this.layout = shape.layout;
    this.textIds = shape.textIds;
    this.sdkClientId = builder.sdkClientId;
    this.sdkClientSecret = builder.sdkClientSecret;
    if (layout.isSdkTable() && sdkClientId == null) {
      closePool();
      throw new ConfigurationException("The table " + table + " is a table of Zoho's current SDKs, whose rows carry "
          + "the client's id: give it with Builder.sdkClient(clientId, ...) (a store made from the properties file "
          + "takes client_id).");
    }
    this.selectSql = SqlDialect.select(table, layout);
    this.upsertSql = dialect.upsert(table, layout);
    this.updateSql = SqlDialect.update(table, layout);
    this.insertSdkSql = SqlDialect.insertSdkRow(table, layout, sdkClientSecret != null);
    this.listSql = SqlDialect.listUsers(table, layout);
    this.channel = "zoho_oauth_" + Integer.toHexString(table.toLowerCase(java.util.Locale.ROOT).hashCode());
    this.deleteSql = SqlDialect.delete(table, layout);
    this.replaceSql = dialect.replace(table, layout, false);
    this.completeSql = dialect.replace(table, layout, true);
    this.claimSql = dialect.claimLease(table, layout);
    this.leaseRemainingSql = dialect.leaseRemaining(table, layout);
    this.releaseSql = SqlDialect.releaseLease(table, layout);
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
      return read(connection, userIdentifier);
    } catch (SQLException e) {
      throw failure("read the tokens", userIdentifier, e);
    }
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    try (Connection connection = dataSource.getConnection()) {
      if (layout.isSdkTable()) {
        saveSdkRow(connection, tokens);
        return;
      }
      try (PreparedStatement statement = prepare(connection, upsertSql)) {
        statement.setString(1, tokens.userIdentifier());
        setTokens(statement, 2, tokens);
        statement.executeUpdate();
      }
    } catch (SQLException e) {
      throw failure("save the tokens", tokens.userIdentifier(), e);
    }
  }

  /**
   * A save into a current SDK table, whose key is the SDKs' {@code id}: the user's row is updated, or a row is added
   * with an id that keeps the SDKs' own numbering working ({@link SdkRowIds}). Two writers adding at once collide on
   * the id or the user; the loser tries again, a few times, then fails with nothing written.
   */
  private void saveSdkRow(Connection connection, ZohoOAuthTokens tokens) throws SQLException {
    String user = tokens.userIdentifier();
    SQLException collision = null;
    for (int attempt = 0; attempt < SdkRowIds.ATTEMPTS; attempt++) {
      try (PreparedStatement update = prepare(connection, updateSql)) {
        int next = setTokens(update, 1, tokens);
        update.setString(next, user);
        if (update.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement insert = prepare(connection, insertSdkSql)) {
        insert.setString(1, SdkRowIds.next(connection, table, textIds, queryTimeoutSeconds));
        insert.setString(2, user);
        insert.setString(3, sdkClientId);
        int next = 4;
        if (sdkClientSecret != null) {
          insert.setString(next++, sdkClientSecret);
        }
        setTokens(insert, next, tokens);
        insert.executeUpdate();
        return;
      } catch (SQLException e) {
        if (!SdkRowIds.isDuplicateKey(e)) {
          throw e;
        }
        collision = e; // another writer took the id, or added the user: look again
      }
    }
    throw collision;
  }

  @Override
  public void delete(String userIdentifier) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, deleteSql)) {
      statement.setString(1, userIdentifier);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("delete the tokens", userIdentifier, e);
    }
  }

  @Override
  public boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    return compareAndSet(expected, replacement, null);
  }

  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    String lease = UUID.randomUUID().toString();
    try (Connection connection = dataSource.getConnection()) {
      boolean claimed;
      try (PreparedStatement claim = prepare(connection, claimSql)) {
        claim.setString(1, lease);
        claim.setLong(2, leaseTime.toMillis());
        claim.setString(3, userIdentifier);
        claimed = claim.executeUpdate() == 1;
      }
      Optional<ZohoOAuthTokens> current = read(connection, userIdentifier);
      if (current.isEmpty()) {
        throw new UnknownUserException(userIdentifier);
      }
      return claimed ? Optional.of(new RowLease(current.get(), lease)) : Optional.empty();
    } catch (SQLException e) {
      throw failure("claim the refresh lease", userIdentifier, e);
    }
  }

  /** One SELECT of the lease's end against the database's clock, so that instances' clocks need not agree. */
  @Override
  public Optional<Duration> leaseRemaining(String userIdentifier) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, leaseRemainingSql)) {
      statement.setString(1, userIdentifier);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(Duration.ofMillis(Math.max(0, row.getLong(1)))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the refresh lease", userIdentifier, e);
    }
  }

  @Override
  public List<String> userIdentifiers() {
    List<String> users = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(listSql);
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

  /** {@code jdbc:<table>}, the table as configured: a row copied from another table fails to decrypt. */
  @Override
  public String namespace() {
    return "jdbc:" + table;
  }

  /**
   * On PostgreSQL, {@code LISTEN} on the table's channel, which every refresh stored through a lease notifies: one
   * connection of the pool is held for it while the client runs. MySQL and MariaDB have no such thing; their waiters
   * poll.
   */
  @Override
  public AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    return dialect == SqlDialect.POSTGRESQL ? new PostgresNotifications(dataSource, channel, listener) : () -> { };
  }

  /** A table of Zoho's current SDKs is read by them as it is: its tokens stay plain. */
  @Override
  public Optional<String> plainTokensRequired() {
    return layout.isSdkTable() ? Optional.of("the table " + table + " is shared with Zoho's SDKs, which read its "
        + "tokens as they are and cannot read encrypted ones. Keep encryption for a table of this library's own "
        + "(jdbc_table=oauthtokens), or remove token_encryption_key while the SDKs share this table")
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "JdbcTokenPersistenceHandler{" + dialect + ", table=" + table + ", at " + description + "}";
  }

  private boolean compareAndSet(ZohoOAuthTokens expected, ZohoOAuthTokens replacement, String lease) {
    String user = expected.userIdentifier();
    if (!user.equals(replacement.userIdentifier())) {
      throw new IllegalArgumentException("expected and replacement tokens are for different users");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, lease == null ? replaceSql : completeSql)) {
      int next = setTokens(statement, 1, replacement);
      statement.setString(next++, user);
      next = setTokens(statement, next, expected);
      if (lease != null) {
        statement.setString(next, lease);
      }
      boolean stored = statement.executeUpdate() == 1;
      if (stored && lease != null && dialect == SqlDialect.POSTGRESQL) {
        notifyStored(connection, user);
      }
      return stored;
    } catch (SQLException e) {
      throw failure("store the refreshed tokens", user, e);
    }
  }

  /**
   * Tells the instances listening on this table that the user's refreshed tokens are stored (delivered once the
   * update commits, which in auto-commit it has). A failure is not the refresh's: the waiters poll anyway.
   */
  private void notifyStored(Connection connection, String user) {
    try (PreparedStatement notify = prepare(connection, "SELECT pg_notify(?, ?)")) {
      notify.setString(1, channel);
      notify.setString(2, user);
      notify.execute();
    } catch (SQLException e) {
      LOG.log(Level.DEBUG, "could not notify the other instances of user ''{0}''s refresh: {1}", user,
          e.getMessage());
    }
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  private Optional<ZohoOAuthTokens> read(Connection connection, String user) throws SQLException {
    try (PreparedStatement statement = prepare(connection, selectSql)) {
      statement.setString(1, user);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next() || !user.equals(row.getString(layout.user))) {
          return Optional.empty(); // the database's comparison is exact; the check costs nothing and proves it
        }
        String accessToken = row.getString(layout.accessToken);
        String refreshToken = row.getString(layout.refreshToken);
        if (accessToken == null && refreshToken == null) {
          throw new TokenStoreException("The row of user '" + user + "' in " + table + " holds neither an access "
              + "token nor a refresh token. Delete the row and authorize the user again.", user, null);
        }
        return Optional.of(ZohoOAuthTokens.builder()
            .userIdentifier(user)
            .accessToken(accessToken)
            .refreshToken(refreshToken)
            .expiresAt(expiryOf(row, user))
            .apiDomain(row.getString("api_domain"))
            .scope(row.getString("scope"))
            .accountsServer(row.getString("accounts_server"))
            .build());
      }
    }
  }

  /**
   * The expiry in epoch milliseconds: a number in the first SDKs' table, text in the current SDKs' (where a row
   * written without one reads as long expired, so it is refreshed before use).
   */
  private Instant expiryOf(ResultSet row, String user) throws SQLException {
    if (!layout.isSdkTable()) {
      return Instant.ofEpochMilli(row.getLong(layout.expiry));
    }
    String text = row.getString(layout.expiry);
    if (text == null || text.trim().isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new TokenStoreException("The row of user '" + user + "' in " + table + " has " + layout.expiry + " '"
          + text + "', which is not epoch milliseconds as Zoho's SDKs write it. Correct or delete the row.", user, e);
    }
  }

  /** Sets the six token columns from {@code index} on, in {@link TableLayout#tokenColumns()} order; the next index. */
  private int setTokens(PreparedStatement statement, int index, ZohoOAuthTokens tokens) throws SQLException {
    setNullable(statement, index, tokens.accessToken());
    setNullable(statement, index + 1, tokens.refreshToken());
    if (layout.isSdkTable()) {
      statement.setString(index + 2, Long.toString(tokens.expiresAt().toEpochMilli()));
    } else {
      statement.setLong(index + 2, tokens.expiresAt().toEpochMilli());
    }
    setNullable(statement, index + 3, tokens.apiDomain());
    setNullable(statement, index + 4, tokens.scope());
    setNullable(statement, index + 5, tokens.accountsServer());
    return index + 6;
  }

  private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private TokenStoreException failure(String what, String user, SQLException e) {
    if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) { // 57014: PostgreSQL cancelled it
      return new TokenStoreException("Could not " + what + " of user '" + user + "' in table " + table + " at "
          + description + ": the database did not answer within " + queryTimeoutSeconds + " s "
          + "(jdbc_query_timeout_ms), a stuck transaction holding the row, or an overloaded database. Nothing "
          + "stored was changed.", user, e);
    }
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

  /** A lease claimed in the user's row; completing or closing it gives it up. */
  private final class RowLease extends AbstractRefreshLease {
    private final String lease;

    RowLease(ZohoOAuthTokens current, String lease) {
      super(current);
      this.lease = lease;
    }

    @Override
    protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
      return compareAndSet(current, refreshed, lease);
    }

    @Override
    protected void release(boolean stored) {
      if (stored) {
        return; // the update that stored also cleared the lease
      }
      String user = current().userIdentifier();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = prepare(connection, releaseSql)) {
        statement.setString(1, user);
        statement.setString(2, lease);
        statement.executeUpdate();
      } catch (SQLException e) {
        // the lease runs out by itself; until then other instances wait for it
        LOG.log(Level.WARNING, "could not give up the refresh lease of user ''{0}'' in {1}; it runs out by itself: "
            + "{2}", user, table, e.getMessage());
      }
    }
  }

  /** Settings of a JDBC store. */
  public static final class Builder {
    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private String table = DEFAULT_TABLE;
    private boolean createTable = true;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private String description;
    private String sdkClientId;
    private String sdkClientSecret;

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

    /** The time limit of every statement (whole seconds, at least 1); default 10 seconds. */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
      return this;
    }

    /**
     * The client whose users a table of Zoho's current SDKs holds: its id goes into each row this store adds, as the
     * SDKs write it. The client secret goes there too only when {@code clientSecret} is not null: an SDK application
     * that passes its own client id and secret with the user ({@code OAuthBuilder().clientId(..).clientSecret(..)
     * .userSignature(..)}) never needs it in the row; one that finds its token by the row alone
     * ({@code .userSignature(..)} or {@code .id(..)} only) must read it there to refresh.
     */
    public Builder sdkClient(String clientId, String clientSecret) {
      this.sdkClientId = clientId;
      this.sdkClientSecret = clientSecret;
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
