package io.github.zohooauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler;
import io.github.zohooauth.spi.AbstractRefreshLease;
import io.github.zohooauth.spi.RefreshLease;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The baseline for the fleet measure: the JDBC store's first design, in which a refresh took the user's row lock
 * ({@code SELECT ... FOR UPDATE}) on a pooled connection and held both while Zoho answered. Same pool defaults as
 * then (4 connections, 5 s to get one). Named by {@code persistence_handler_class} in the child JVMs.
 */
public final class RowLockJdbcStore implements TokenPersistenceHandler {
  private final HikariDataSource pool;
  private final JdbcTokenPersistenceHandler rows;
  private final String table;

  public RowLockJdbcStore(ConfigValues config) {
    HikariConfig settings = new HikariConfig();
    settings.setJdbcUrl(config.require("jdbc_url", ""));
    settings.setMaximumPoolSize(4);
    settings.setConnectionTimeout(5_000);
    this.pool = new HikariDataSource(settings);
    this.table = config.require("jdbc_table", "");
    this.rows = JdbcTokenPersistenceHandler.builder(pool).table(table).build();
  }

  @Override
  public Optional<ZohoOAuthTokens> load(String userIdentifier) {
    return rows.load(userIdentifier);
  }

  @Override
  public void save(ZohoOAuthTokens tokens) {
    rows.save(tokens);
  }

  @Override
  public void delete(String userIdentifier) {
    rows.delete(userIdentifier);
  }

  /** Waits for the row lock, then keeps it and the connection until the lease is completed or closed. */
  @Override
  public Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    try {
      Connection connection = pool.getConnection();
      try {
        connection.setAutoCommit(false);
        ZohoOAuthTokens current;
        try (PreparedStatement select = connection.prepareStatement("SELECT accesstoken, refreshtoken, expirytime "
            + "FROM " + table + " WHERE useridentifier = ? FOR UPDATE")) {
          select.setString(1, userIdentifier);
          try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
              throw new UnknownUserException(userIdentifier);
            }
            current = ZohoOAuthTokens.builder().userIdentifier(userIdentifier).accessToken(row.getString(1))
                .refreshToken(row.getString(2)).expiresAt(Instant.ofEpochMilli(row.getLong(3))).build();
          }
        }
        return Optional.of(new RowLock(connection, current));
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        connection.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("row lock of " + userIdentifier + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private final class RowLock extends AbstractRefreshLease {
    private final Connection connection;

    RowLock(Connection connection, ZohoOAuthTokens current) {
      super(current);
      this.connection = connection;
    }

    @Override
    protected boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed) {
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET accesstoken = ?, "
          + "refreshtoken = ?, expirytime = ? WHERE useridentifier = ?")) {
        update.setString(1, refreshed.accessToken());
        update.setString(2, refreshed.refreshToken());
        update.setLong(3, refreshed.expiresAt().toEpochMilli());
        update.setString(4, refreshed.userIdentifier());
        update.executeUpdate();
        connection.commit();
        return true;
      } catch (SQLException e) {
        throw new IllegalStateException("save under the row lock: " + e.getMessage(), e);
      }
    }

    @Override
    protected void release(boolean stored) {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException ignored) {
        // the pool discards a broken connection
      }
    }
  }
}
