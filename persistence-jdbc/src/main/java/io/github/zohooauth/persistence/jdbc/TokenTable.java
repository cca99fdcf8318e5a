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
 * Makes sure the token table is usable: creates it when missing, and adopts a table made for Zoho's SDKs of any
 * generation ({@link TableLayout}) by adding what is missing (this store's columns, one row per user), when allowed;
 * otherwise fails saying what SQL to run.
 */
final class TokenTable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63})?");

  private TokenTable() {}

  /** The table name, checked: it is the one thing written into SQL rather than passed as a parameter. */
  static String validName(String table) {
    if (table == null || !NAME.matcher(table).matches()) {
      throw new ConfigurationException("The token table name '" + table + "' is not a plain SQL name: use letters, "
          + "digits and _ , optionally as schema.table (jdbc_table).");
    }
    return table;
  }

  /** The table as this store found (or made) it. */
  static final class Shape {
    final TableLayout layout;
    /** Whether a current SDK table's {@code id} is text (the SDKs' DDL says varchar(10)) rather than a number. */
    final boolean textIds;

    Shape(TableLayout layout, boolean textIds) {
      this.layout = layout;
      this.textIds = textIds;
    }
  }

  static Shape prepare(Connection connection, SqlDialect dialect, String table, boolean mayChangeSchema)
      throws SQLException {
    Set<String> columns = columns(connection, dialect, table);
    List<String> changes = new ArrayList<>();
    TableLayout layout;
    if (columns.isEmpty()) {
      layout = TableLayout.OAUTHTOKENS;
      changes.add(dialect.createTable(table));
    } else {
      layout = TableLayout.of(columns);
      if (layout == null) {
        throw new ConfigurationException("The table " + table + " exists but is none of the token tables this store "
            + "knows: it needs the columns " + TableLayout.OAUTHTOKENS.describe() + " (Zoho's first SDKs), or "
            + TableLayout.SDK_USER_NAME.describe() + " (Zoho's current SDKs), or "
            + TableLayout.SDK_USER_MAIL.describe() + ". Point jdbc_table at another table, or drop this one.");
      }
      if (dialect.exactCollation != null && !dialect.exactCollation.equalsIgnoreCase(
          identifierCollation(connection, dialect, table, layout))) {
        changes.add(dialect.exactIdentifiers(table, layout)); // no duplicates arise: exact is finer than any collation
      }
      for (String column : TableLayout.OWN_COLUMNS) {
        if (!columns.contains(column)) {
          changes.add(dialect.addColumn(table, column));
        }
      }
      if (!hasUniqueUser(connection, dialect, table, layout)) {
        List<String> duplicates = duplicateUsers(connection, table, layout);
        if (!duplicates.isEmpty()) {
          throw new ConfigurationException("The table " + table + " has several rows for the users " + duplicates
              + " (left by a delete-then-insert save, or by two SDK instances adding one user at once). Keep one row "
              + "per user, then restart; this store then makes each user's row unique with: "
              + dialect.uniqueUser(table, layout));
        }
        changes.add(dialect.uniqueUser(table, layout));
      }
    }
    if (changes.isEmpty()) {
      return new Shape(layout, layout.isSdkTable() && isText(connection, dialect, table, "id"));
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
    return new Shape(layout, layout.isSdkTable() && isText(connection, dialect, table, "id"));
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

  private static boolean isText(Connection connection, SqlDialect dialect, String table, String column)
      throws SQLException {
    String[] name = split(connection, dialect, table);
    try (ResultSet result = connection.getMetaData().getColumns(name[0], name[1], name[2], null)) {
      while (result.next()) {
        if (column.equalsIgnoreCase(result.getString("COLUMN_NAME"))) {
          int type = result.getInt("DATA_TYPE");
          return type == java.sql.Types.VARCHAR || type == java.sql.Types.CHAR || type == java.sql.Types.LONGVARCHAR
              || type == java.sql.Types.NVARCHAR || type == java.sql.Types.NCHAR;
        }
      }
    }
    return true;
  }

  private static String identifierCollation(Connection connection, SqlDialect dialect, String table,
      TableLayout layout) throws SQLException {
    String[] name = split(connection, dialect, table);
    try (java.sql.PreparedStatement query = connection.prepareStatement("SELECT COLLATION_NAME FROM "
        + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
      query.setString(1, name[0]);
      query.setString(2, name[2]);
      query.setString(3, layout.user);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  private static boolean hasUniqueUser(Connection connection, SqlDialect dialect, String table, TableLayout layout)
      throws SQLException {
    String[] name = split(connection, dialect, table);
    DatabaseMetaData metadata = connection.getMetaData();
    try (ResultSet keys = metadata.getPrimaryKeys(name[0], name[1], name[2])) {
      while (keys.next()) {
        if (layout.user.equalsIgnoreCase(keys.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    try (ResultSet indexes = metadata.getIndexInfo(name[0], name[1], name[2], true, false)) {
      while (indexes.next()) {
        if (layout.user.equalsIgnoreCase(indexes.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> duplicateUsers(Connection connection, String table, TableLayout layout)
      throws SQLException {
    List<String> users = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + layout.user + " FROM " + table + " WHERE "
            + layout.user + " IS NOT NULL GROUP BY " + layout.user + " HAVING COUNT(*) > 1")) {
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
