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

  /**
   * Makes an existing identifier column compare exactly (a table adopted from Zoho's SDKs, or an older one). A
   * current SDK table keeps it nullable: those SDKs insert rows without a user when they cannot name one.
   */
  String exactIdentifiers(String table, TableLayout layout) {
    String column = isMysqlFamily() ? "MODIFY " + layout.user + " " + identifierType()
        : "ALTER COLUMN " + layout.user + " TYPE VARCHAR(255)";
    return "ALTER TABLE " + table + " " + column + (layout.isSdkTable() || !isMysqlFamily() ? "" : " NOT NULL");
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

  /**
   * One row per user. The first SDKs' table gets the primary key it lacks; a current SDK table keeps its {@code id}
   * key and gets a unique index on the user.
   */
  String uniqueUser(String table, TableLayout layout) {
    if (!layout.isSdkTable()) {
      return "ALTER TABLE " + table + " ADD PRIMARY KEY (" + layout.user + ")";
    }
    String bare = table.substring(table.indexOf('.') + 1);
    return "CREATE UNIQUE INDEX " + bare.substring(0, Math.min(bare.length(), 40)) + "_zoho_oauth_user ON " + table
        + " (" + layout.user + ")";
  }

  static String select(String table, TableLayout layout) {
    return "SELECT " + layout.user + ", " + String.join(", ", layout.tokenColumns()) + " FROM " + table
        + " WHERE " + layout.user + " = ?";
  }

  static String delete(String table, TableLayout layout) {
    return "DELETE FROM " + table + " WHERE " + layout.user + " = ?";
  }

  static String listUsers(String table, TableLayout layout) {
    return "SELECT " + layout.user + " FROM " + table + " WHERE " + layout.user + " IS NOT NULL ORDER BY "
        + layout.user;
  }

  /** A save in one statement, on the first SDKs' table, whose key is the user. */
  String upsert(String table, TableLayout layout) {
    List<String> columns = layout.tokenColumns();
    return "INSERT INTO " + table + " (" + layout.user + ", " + String.join(", ", columns) + ") VALUES (?, "
        + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")" + (isMysqlFamily()
        ? " ON DUPLICATE KEY UPDATE " + columns.stream().map(column -> column + " = VALUES(" + column + ")")
            .collect(Collectors.joining(", "))
        : " ON CONFLICT (" + layout.user + ") DO UPDATE SET " + columns.stream()
            .map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", ")));
  }

  /** Writes the token columns (parameters 1-6) of the user's (7) row, whatever they hold. */
  static String update(String table, TableLayout layout) {
    return "UPDATE " + table + " SET " + layout.tokenColumns().stream().map(column -> column + " = ?")
        .collect(Collectors.joining(", ")) + " WHERE " + layout.user + " = ?";
  }

  /**
   * A new row in a current SDK table: its id (1), the user (2), the client's id (3), optionally the client secret
   * (4), then the token columns. The SDKs' own columns stay as they expect them.
   */
  static String insertSdkRow(String table, TableLayout layout, boolean withSecret) {
    List<String> columns = layout.tokenColumns();
    return "INSERT INTO " + table + " (id, " + layout.user + ", client_id, " + (withSecret ? "client_secret, " : "")
        + String.join(", ", columns) + ") VALUES (?, ?, ?, " + (withSecret ? "?, " : "")
        + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
  }

  /** The highest id this store has given in a current SDK table with a text id (see {@code SdkRowIds}). */
  static String highestSdkId(String table) {
    return "SELECT MAX(id) FROM " + table + " WHERE id LIKE '9_________'";
  }

  /** The highest id in a current SDK table with a numeric id. */
  static String highestNumericId(String table) {
    return "SELECT MAX(id) FROM " + table;
  }

  /**
   * Compare-and-set: writes the token columns (parameters 1-6) where the user (7) still has the expected values
   * (8-13). With {@code fenced}, also only while the lease (14) is still the row's, and gives the lease up. An
   * expiry kept as text compares as written, with a missing one read as 0.
   */
  String replace(String table, TableLayout layout, boolean fenced) {
    return "UPDATE " + table + " SET " + layout.tokenColumns().stream().map(column -> column + " = ?")
        .collect(Collectors.joining(", ")) + (fenced ? ", refresh_lease = NULL, refresh_lease_until = NULL" : "")
        + " WHERE " + layout.user + " = ? AND " + layout.tokenColumns().stream()
        .map(column -> (column.equals(layout.expiry) && layout.isSdkTable() ? "COALESCE(" + column + ", '0')"
            : column) + " " + nullSafeEquals + " ?")
        .collect(Collectors.joining(" AND ")) + (fenced ? " AND refresh_lease = ?" : "");
  }

  /**
   * Takes the lease (1) for a number of milliseconds (2) on the user's row (3) unless another live lease is there.
   * The database's clock decides, so instances with skewed clocks agree on when a lease has run out.
   */
  String claimLease(String table, TableLayout layout) {
    return "UPDATE " + table + " SET refresh_lease = ?, refresh_lease_until = " + nowMillis + " + ? "
        + "WHERE " + layout.user + " = ? AND (refresh_lease IS NULL OR refresh_lease_until < " + nowMillis + ")";
  }

  /** What is left of the live lease on the user's row (1), in ms by the database's clock; no row when none. */
  String leaseRemaining(String table, TableLayout layout) {
    return "SELECT refresh_lease_until - " + nowMillis + " FROM " + table + " WHERE " + layout.user + " = ? AND "
        + "refresh_lease IS NOT NULL AND refresh_lease_until >= " + nowMillis;
  }

  /** Gives the lease (2) on the user's row (1) up, if it is still there. */
  static String releaseLease(String table, TableLayout layout) {
    return "UPDATE " + table + " SET refresh_lease = NULL, refresh_lease_until = NULL WHERE " + layout.user
        + " = ? AND refresh_lease = ?";
  }

  /** The name as the database's metadata reports it: PostgreSQL folds unquoted names to lower case. */
  String metadataName(String name) {
    return isMysqlFamily() ? name : name.toLowerCase(Locale.ROOT);
  }
}
