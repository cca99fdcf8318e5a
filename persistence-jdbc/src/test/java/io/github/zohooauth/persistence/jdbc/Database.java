package io.github.zohooauth.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

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
}
