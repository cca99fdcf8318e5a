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

  /** The same contract on a table of Zoho's current SDKs, which the store adopts. */
  @Nested
  class OnMariaDbSdkTable extends JdbcContract {
    OnMariaDbSdkTable() {
      super(Database.MARIADB, "oauthtoken");
    }
  }

  @Nested
  class OnPostgreSqlSdkTable extends JdbcContract {
    OnPostgreSqlSdkTable() {
      super(Database.POSTGRESQL, "oauthtoken");
    }
  }

  /** And on the C#/PHP generation's table: user_mail, and no api_domain until the store adds it. */
  @Nested
  class OnMariaDbUserMailSdkTable extends JdbcContract {
    OnMariaDbUserMailSdkTable() {
      super(Database.MARIADB, "oauthtoken");
      userMail = true;
    }
  }

  abstract static class JdbcContract extends TokenStoreContract {
    boolean userMail;
    private final Database database;
    private final String table;
    private final boolean sdkTable;

    JdbcContract(Database database) {
      this.database = database;
      this.table = TestDatabases.uniqueTable();
      this.sdkTable = false;
    }

    JdbcContract(Database database, String sdkTablePrefix) {
      this.database = database;
      this.table = sdkTablePrefix + "_" + TestDatabases.uniqueTable();
      this.sdkTable = true;
    }

    @Override
    protected TokenPersistenceHandler newStore() throws Exception {
      if (sdkTable) {
        database.createSdkTable(table, userMail);
      }
      return database.store(table);
    }

    /** PostgreSQL's LISTEN/NOTIFY; MySQL and MariaDB have nothing like it. */
    @Override
    protected boolean tellsOfRefreshes() {
      return database == Database.POSTGRESQL;
    }

    @AfterEach
    void dropTable() throws Exception {
      database.drop(table);
    }
  }
}
