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

  /** A store on {@code table}, made by the provider from the properties an application would write. */
  TokenPersistenceHandler store(String table) throws Exception {
    Properties properties = new Properties();
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
