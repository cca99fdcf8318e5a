package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.exception.ConfigurationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes sure the token table is usable: creates it when missing, and adopts a table made by Zoho's SDKs (no primary
 * key, no {@code api_domain}) by adding what is missing, when allowed; otherwise fails saying what SQL to run.
 */
final class TokenTable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63})?");
  private static final List<String> ZOHO_COLUMNS = List.of("useridentifier", "accesstoken", "refreshtoken",
      "expirytime");
  private static final List<String> OUR_COLUMNS = List.of("api_domain", "scope", "accounts_server",
      "refresh_lease", "refresh_lease_until");

  private TokenTable() {}

  /** The table name, checked: it is the one thing written into SQL rather than passed as a parameter. */
  static String validName(String table) {
    if (table == null || !NAME.matcher(table).matches()) {
      throw new ConfigurationException("The token table name '" + table + "' is not a plain SQL name: use letters, "
          + "digits and _ , optionally as schema.table (jdbc_table).");
    }
    return table;
  }

  static void prepare(Connection connection, SqlDialect dialect, String table, boolean mayChangeSchema)
      throws SQLException {
    Set<String> columns = columns(connection, dialect, table);
    List<String> changes = new ArrayList<>();
    if (columns.isEmpty()) {
      changes.add(dialect.createTable(table));
    } else {
      List<String> missing = new ArrayList<>(ZOHO_COLUMNS);
      missing.removeAll(columns);
      if (!missing.isEmpty()) {
        throw new ConfigurationException("The table " + table + " exists but lacks the columns " + missing
            + " that a token table must have. Point jdbc_table at another table, or drop this one.");
      }
      if (dialect.exactCollation != null && !dialect.exactCollation.equalsIgnoreCase(
          identifierCollation(connection, dialect, table))) {
        changes.add(dialect.exactIdentifiers(table)); // no duplicates can arise: exact is finer than any collation
      }
      for (String column : OUR_COLUMNS) {
        if (!columns.contains(column)) {
          changes.add(dialect.addColumn(table, column));
        }
      }
      if (!hasUniqueUserIdentifier(connection, dialect, table)) {
        List<String> duplicates = duplicateUsers(connection, table);
        if (!duplicates.isEmpty()) {
          throw new ConfigurationException("The table " + table + " has several rows for the users " + duplicates
              + " (left by a delete-then-insert save). Keep one row per user, then restart; this store then adds "
              + "the primary key it needs with: " + dialect.addPrimaryKey(table));
        }
        changes.add(dialect.addPrimaryKey(table));
      }
    }
    if (changes.isEmpty()) {
      return;
    }
    if (!mayChangeSchema) {
      throw new ConfigurationException("The token table " + table + " needs changes, and jdbc_create_table=false "
          + "forbids making them. Run: " + String.join("; ", changes) + ";");
    }
    try (Statement statement = connection.createStatement()) {
      for (String change : changes) {
        statement.execute(change);
      }
    }
  }

  private static Set<String> columns(Connection connection, SqlDialect dialect, String table) throws SQLException {
    Set<String> columns = new LinkedHashSet<>();
    String[] name = split(connection, dialect, table);
    try (ResultSet result = connection.getMetaData().getColumns(name[0], name[1], name[2], null)) {
      while (result.next()) {
        columns.add(result.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return columns;
  }

  private static String identifierCollation(Connection connection, SqlDialect dialect, String table)
      throws SQLException {
    String[] name = split(connection, dialect, table);
    try (java.sql.PreparedStatement query = connection.prepareStatement("SELECT COLLATION_NAME FROM "
        + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = 'useridentifier'")) {
      query.setString(1, name[0]);
      query.setString(2, name[2]);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  private static boolean hasUniqueUserIdentifier(Connection connection, SqlDialect dialect, String table)
      throws SQLException {
    String[] name = split(connection, dialect, table);
    DatabaseMetaData metadata = connection.getMetaData();
    try (ResultSet keys = metadata.getPrimaryKeys(name[0], name[1], name[2])) {
      while (keys.next()) {
        if ("useridentifier".equalsIgnoreCase(keys.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    try (ResultSet indexes = metadata.getIndexInfo(name[0], name[1], name[2], true, false)) {
      while (indexes.next()) {
        if ("useridentifier".equalsIgnoreCase(indexes.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> duplicateUsers(Connection connection, String table) throws SQLException {
    List<String> users = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT useridentifier FROM " + table
            + " GROUP BY useridentifier HAVING COUNT(*) > 1")) {
      while (result.next() && users.size() < 5) {
        users.add(result.getString(1));
      }
    }
    return users;
  }

  /** {catalog, schema, table} for metadata calls, in the form the database reports names. */
  private static String[] split(Connection connection, SqlDialect dialect, String table) throws SQLException {
    int dot = table.indexOf('.');
    String prefix = dot < 0 ? null : dialect.metadataName(table.substring(0, dot));
    String bare = dialect.metadataName(dot < 0 ? table : table.substring(dot + 1));
    if (dialect.isMysqlFamily()) {
      return new String[] {prefix != null ? prefix : connection.getCatalog(), null, bare};
    }
    return new String[] {null, prefix != null ? prefix : connection.getSchema(), bare};
  }
}
