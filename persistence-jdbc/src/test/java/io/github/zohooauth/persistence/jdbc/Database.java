package io.github.zohooauth.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.Properties;

/** The two database families the store supports, as the tests reach them. */
enum Database {
  MARIADB {
    @Override
    String url() throws Exception {
      return TestDatabases.mariaDb();
    }
  },
  POSTGRESQL {
    @Override
    String url() {
      return TestDatabases.postgres();
    }
  };

  abstract String url() throws Exception;

  /** A small pool, as an application would hand the store. */
  HikariDataSource pool() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /**
   * Zoho's current SDKs' table, as their README creates it (they never create it themselves), named {@code table}.
   * With {@code userMail}, the generation before's: {@code user_mail} and no {@code api_domain}.
   */
  void createSdkTable(String table, boolean userMail) throws Exception {
    try (HikariDataSource pool = pool(); java.sql.Connection connection = pool.getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id varchar(10) NOT NULL, "
          + (userMail ? "user_mail" : "user_name") + " varchar(255), client_id varchar(255), client_secret "
          + "varchar(255), refresh_token varchar(255), access_token varchar(255), grant_token varchar(255), "
          + "expiry_time varchar(20), redirect_url varchar(255)" + (userMail ? "" : ", api_domain varchar(255)")
          + ", primary key (id))");
    }
  }

  /** A store on {@code table}, made by the provider from the properties an application would write. */
  TokenPersistenceHandler store(String table) throws Exception {
    return store(table, new Properties());
  }

  /** A store on {@code table}, with these properties besides the database's. */
  TokenPersistenceHandler store(String table, Properties properties) throws Exception {
    properties.putIfAbsent("client_id", "1000.TESTCLIENT");
    properties.setProperty(JdbcPersistenceProvider.JDBC_URL, url());
    properties.setProperty(JdbcPersistenceProvider.JDBC_TABLE, table);
    return new JdbcPersistenceProvider().create(ConfigValues.of(properties, name().toLowerCase(java.util.Locale.ROOT) + ".properties"));
  }

  /** Drops {@code table}, if it exists, through a pool of its own. */
  void drop(String table) throws Exception {
    try (HikariDataSource pool = pool()) {
      TestDatabases.dropTable(pool, table);
    }
  }
}
