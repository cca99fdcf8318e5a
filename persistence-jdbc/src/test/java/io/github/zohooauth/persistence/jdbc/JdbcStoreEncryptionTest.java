package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenEncryptionContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Encryption at rest in the JDBC store, on MariaDB and PostgreSQL: the storage read is the row, by plain SQL. */
class JdbcStoreEncryptionTest {

  @Nested
  class OnMariaDb extends JdbcEncryption {
    OnMariaDb() {
      super(Database.MARIADB);
    }
  }

  @Nested
  class OnPostgreSql extends JdbcEncryption {
    OnPostgreSql() {
      super(Database.POSTGRESQL);
    }
  }

  abstract static class JdbcEncryption extends TokenEncryptionContract {
    private final Database database;
    private final String table = TestDatabases.uniqueTable();
    private final String otherTable = TestDatabases.uniqueTable();

    JdbcEncryption(Database database) {
      this.database = database;
    }

    @Override
    protected TokenPersistenceHandler newStore() throws Exception {
      return database.store(table);
    }

    @Override
    protected TokenPersistenceHandler newStoreInAnotherNamespace() throws Exception {
      return database.store(otherTable);
    }

    @Override
    protected String storedBytes(String user) throws Exception {
      StringBuilder row = new StringBuilder();
      try (Connection connection = DriverManager.getConnection(database.url());
          PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table
              + " WHERE useridentifier = ?")) {
        select.setString(1, user);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
              row.append(rows.getMetaData().getColumnName(column)).append('=').append(rows.getString(column))
                  .append('\n');
            }
          }
        }
      }
      return row.toString();
    }

    @AfterEach
    void dropTable() throws Exception {
      database.drop(table);
      database.drop(otherTable);
    }
  }
}
