package io.github.zohooauth.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * What differs between MySQL/MariaDB and PostgreSQL: the upsert, the bounded row-lock wait, column types and how
 * names are folded. Every value travels as a JDBC parameter; only the validated table name is written into SQL.
 */
enum SqlDialect {
  MYSQL("VARCHAR(255) COLLATE utf8mb4_bin", ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4") {
    @Override
    String upsert(String table) {
      return insert(table) + " ON DUPLICATE KEY UPDATE accesstoken = VALUES(accesstoken), refreshtoken = "
          + "VALUES(refreshtoken), expirytime = VALUES(expirytime), api_domain = VALUES(api_domain), scope = "
          + "VALUES(scope), accounts_server = VALUES(accounts_server)";
    }

    @Override
    AutoCloseable boundLockWait(Connection connection, Duration wait) throws SQLException {
      // innodb_lock_wait_timeout is per session and the connection may be the application's: restore it after.
      long previous;
      try (Statement statement = connection.createStatement();
          java.sql.ResultSet result = statement.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout")) {
        result.next();
        previous = result.getLong(1);
      }
      setLockWait(connection, Math.max(1, wait.toSeconds()));
      return () -> setLockWait(connection, previous);
    }

    private void setLockWait(Connection connection, long seconds) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
      }
    }

    @Override
    boolean isLockTimeout(SQLException e) {
      return e.getErrorCode() == 1205 || e.getErrorCode() == 3572;
    }

    @Override
    String metadataName(String name) {
      return name;
    }
  },

  POSTGRESQL("VARCHAR(255)", ")") {
    @Override
    String upsert(String table) {
      return insert(table) + " ON CONFLICT (useridentifier) DO UPDATE SET accesstoken = EXCLUDED.accesstoken, "
          + "refreshtoken = EXCLUDED.refreshtoken, expirytime = EXCLUDED.expirytime, api_domain = "
          + "EXCLUDED.api_domain, scope = EXCLUDED.scope, accounts_server = EXCLUDED.accounts_server";
    }

    @Override
    AutoCloseable boundLockWait(Connection connection, Duration wait) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL lock_timeout = '" + Math.max(1, wait.toMillis()) + "ms'"); // ends with the transaction
      }
      return () -> { };
    }

    @Override
    boolean isLockTimeout(SQLException e) {
      return "55P03".equals(e.getSQLState());
    }

    @Override
    String metadataName(String name) {
      return name.toLowerCase(Locale.ROOT); // unquoted names are folded to lower case
    }
  };

  private final String identifierType;
  private final String tableSuffix;

  SqlDialect(String identifierType, String tableSuffix) {
    this.identifierType = identifierType;
    this.tableSuffix = tableSuffix;
  }

  static SqlDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("mysql") || product.contains("mariadb")) {
      return MYSQL;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new SQLException("the JDBC store supports MySQL, MariaDB and PostgreSQL, not " + product);
  }

  /** The table this library creates: Zoho's columns (so their SDKs can read it too) and ours. */
  String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (useridentifier " + identifierType + " NOT NULL PRIMARY KEY, "
        + "accesstoken VARCHAR(1024), refreshtoken VARCHAR(1024), expirytime BIGINT NOT NULL, "
        + "api_domain VARCHAR(255), scope VARCHAR(2048), accounts_server VARCHAR(255)" + tableSuffix;
  }

  String addColumn(String table, String column) {
    String type = column.equals("scope") ? "VARCHAR(2048)" : "VARCHAR(255)";
    return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
  }

  String addPrimaryKey(String table) {
    return "ALTER TABLE " + table + " ADD PRIMARY KEY (useridentifier)";
  }

  static String select(String table, boolean forUpdate) {
    return "SELECT accesstoken, refreshtoken, expirytime, api_domain, scope, accounts_server FROM " + table
        + " WHERE useridentifier = ?" + (forUpdate ? " FOR UPDATE" : "");
  }

  static String delete(String table) {
    return "DELETE FROM " + table + " WHERE useridentifier = ?";
  }

  abstract String upsert(String table);

  /** Bounds how long the next row lock may be waited for; closing it restores what was there. */
  abstract AutoCloseable boundLockWait(Connection connection, Duration wait) throws SQLException;

  abstract boolean isLockTimeout(SQLException e);

  /** The name as the database's metadata reports it. */
  abstract String metadataName(String name);

  private static String insert(String table) {
    return "INSERT INTO " + table + " (useridentifier, accesstoken, refreshtoken, expirytime, api_domain, scope, "
        + "accounts_server) VALUES (?, ?, ?, ?, ?, ?, ?)";
  }
}
