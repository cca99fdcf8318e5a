package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The JDBC store against the store contract, on MariaDB and on PostgreSQL. Each store is made by the provider from
 * configuration keys, with its own pool of the default size, as each application instance would make it.
 */
class JdbcStoreContractTest {

  @Nested
  class OnMariaDb extends JdbcContract {
    OnMariaDb() {
      super(Database.MARIADB);
    }
  }

  @Nested
  class OnPostgreSql extends JdbcContract {
    OnPostgreSql() {
      super(Database.POSTGRESQL);
    }
  }

  abstract static class JdbcContract extends TokenStoreContract {
    private final Database database;
    private final String table = TestDatabases.uniqueTable();

    JdbcContract(Database database) {
      this.database = database;
    }

    @Override
    protected TokenPersistenceHandler newStore() throws Exception {
      return database.store(table);
    }

    @AfterEach
    void dropTable() throws Exception {
      database.drop(table);
    }
  }
}
