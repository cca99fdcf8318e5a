package io.github.zohooauth.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between MySQL/MariaDB and PostgreSQL: the upsert, null-safe equality, the database's clock, column
 * types and how names are folded. Every value travels as a JDBC parameter; only the validated table name is written
 * into SQL.
 */
enum SqlDialect {
  // Identifiers must compare byte for byte: utf8mb4_bin pads trailing spaces ("a@x.com " = "a@x.com"), so the
  // MySQL family uses a NO PAD binary collation (MariaDB's name for it, and MySQL 8's).
  MARIADB("utf8mb4_nopad_bin", ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", "<=>",
      "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"),
  MYSQL("utf8mb4_0900_bin", ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", "<=>",
      "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"),
  POSTGRESQL(null, ")", "IS NOT DISTINCT FROM", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

  /** The columns a save writes, in the order of their parameters after {@code useridentifier}. */
  static final List<String> TOKEN_COLUMNS = List.of("accesstoken", "refreshtoken", "expirytime", "api_domain",
      "scope", "accounts_server");

  /** The collation that compares identifiers exactly; null where the default already does (PostgreSQL). */
  final String exactCollation;
  private final String tableSuffix;
  private final String nullSafeEquals;
  private final String nowMillis;

  SqlDialect(String exactCollation, String tableSuffix, String nullSafeEquals, String nowMillis) {
    this.exactCollation = exactCollation;
    this.tableSuffix = tableSuffix;
    this.nullSafeEquals = nullSafeEquals;
    this.nowMillis = nowMillis;
  }

  static SqlDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    String version = connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT);
    if (product.contains("mariadb") || (product.contains("mysql") && version.contains("mariadb"))) {
      return MARIADB;
    }
    if (product.contains("mysql")) {
      return MYSQL;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new SQLException("the JDBC store supports MySQL, MariaDB and PostgreSQL, not " + product);
  }

  boolean isMysqlFamily() {
    return this != POSTGRESQL;
  }

  /** The identifier column's type, exact comparison included. */
  String identifierType() {
    return "VARCHAR(255)" + (exactCollation == null ? "" : " CHARACTER SET utf8mb4 COLLATE " + exactCollation);
  }

  /** Makes an existing identifier column compare exactly (a table adopted from Zoho's SDKs, or an older one). */
  String exactIdentifiers(String table) {
    return "ALTER TABLE " + table + " MODIFY useridentifier " + identifierType() + " NOT NULL";
  }

  /** The table this library creates: Zoho's columns (so their SDKs can read it too) and ours. */
  String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (useridentifier " + identifierType() + " NOT NULL PRIMARY KEY, "
        + "accesstoken VARCHAR(1024), refreshtoken VARCHAR(1024), expirytime BIGINT NOT NULL, "
        + "api_domain VARCHAR(255), scope VARCHAR(2048), accounts_server VARCHAR(255), "
        + "refresh_lease VARCHAR(64), refresh_lease_until BIGINT" + tableSuffix;
  }

  String addColumn(String table, String column) {
    String type = column.equals("scope") ? "VARCHAR(2048)"
        : column.equals("refresh_lease_until") ? "BIGINT"
        : column.equals("refresh_lease") ? "VARCHAR(64)" : "VARCHAR(255)";
    return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
  }

  String addPrimaryKey(String table) {
    return "ALTER TABLE " + table + " ADD PRIMARY KEY (useridentifier)";
  }

  static String select(String table) {
    return "SELECT useridentifier, " + String.join(", ", TOKEN_COLUMNS) + " FROM " + table
        + " WHERE useridentifier = ?";
  }

  static String delete(String table) {
    return "DELETE FROM " + table + " WHERE useridentifier = ?";
  }

  String upsert(String table) {
    return insert(table) + (isMysqlFamily()
        ? " ON DUPLICATE KEY UPDATE " + TOKEN_COLUMNS.stream().map(column -> column + " = VALUES(" + column + ")")
            .collect(Collectors.joining(", "))
        : " ON CONFLICT (useridentifier) DO UPDATE SET " + TOKEN_COLUMNS.stream()
            .map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", ")));
  }

  /**
   * Compare-and-set: writes the token columns (parameters 1-6) where the user (7) still has the expected values
   * (8-13). With {@code fenced}, also only while the lease (14) is still the row's, and gives the lease up.
   */
  String replace(String table, boolean fenced) {
    return "UPDATE " + table + " SET " + TOKEN_COLUMNS.stream().map(column -> column + " = ?")
        .collect(Collectors.joining(", ")) + (fenced ? ", refresh_lease = NULL, refresh_lease_until = NULL" : "")
        + " WHERE useridentifier = ? AND " + TOKEN_COLUMNS.stream().map(column -> column + " " + nullSafeEquals
        + " ?").collect(Collectors.joining(" AND ")) + (fenced ? " AND refresh_lease = ?" : "");
  }

  /**
   * Takes the lease (1) for a number of milliseconds (2) on the user's row (3) unless another live lease is there.
   * The database's clock decides, so instances with skewed clocks agree on when a lease has run out.
   */
  String claimLease(String table) {
    return "UPDATE " + table + " SET refresh_lease = ?, refresh_lease_until = " + nowMillis + " + ? "
        + "WHERE useridentifier = ? AND (refresh_lease IS NULL OR refresh_lease_until < " + nowMillis + ")";
  }

  /** Gives the lease (2) on the user's row (1) up, if it is still there. */
  static String releaseLease(String table) {
    return "UPDATE " + table + " SET refresh_lease = NULL, refresh_lease_until = NULL WHERE useridentifier = ? "
        + "AND refresh_lease = ?";
  }

  /** The name as the database's metadata reports it: PostgreSQL folds unquoted names to lower case. */
  String metadataName(String name) {
    return isMysqlFamily() ? name : name.toLowerCase(Locale.ROOT);
  }

  private static String insert(String table) {
    return "INSERT INTO " + table + " (useridentifier, " + String.join(", ", TOKEN_COLUMNS) + ") VALUES (?, ?, ?, "
        + "?, ?, ?, ?)";
  }
}
