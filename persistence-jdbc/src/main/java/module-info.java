/**
 * Provider {@code jdbc}: tokens in a MySQL, MariaDB or PostgreSQL table through HikariCP, safe across application
 * instances. The JDBC driver is found through {@link java.sql.Driver}'s service loader, so it needs no
 * {@code requires}.
 */
module io.github.zohooauth.persistence.jdbc {
  requires transitive io.github.zohooauth.core;
  requires transitive java.sql;
  requires transitive com.zaxxer.hikari;

  exports io.github.zohooauth.persistence.jdbc;

  provides io.github.zohooauth.spi.TokenPersistenceProvider
      with io.github.zohooauth.persistence.jdbc.JdbcPersistenceProvider;
}
