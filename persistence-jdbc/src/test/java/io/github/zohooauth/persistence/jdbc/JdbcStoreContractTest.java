package io.github.zohooauth.persistence.jdbc;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.stores.TokenStoreContract;
import java.util.Properties;
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
      Properties properties = new Properties();
      properties.setProperty(JdbcPersistenceProvider.JDBC_URL, database.url());
      properties.setProperty(JdbcPersistenceProvider.JDBC_TABLE, table);
      return new JdbcPersistenceProvider().create(ConfigValues.of(properties, "contract.properties"));
    }

    @AfterEach
    void dropTable() throws Exception {
      try (var pool = database.pool()) {
        TestDatabases.dropTable(pool, table);
      }
    }
  }
}
