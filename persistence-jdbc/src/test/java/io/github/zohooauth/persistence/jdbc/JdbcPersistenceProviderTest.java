package io.github.zohooauth.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JdbcPersistenceProviderTest {

  @Test
  void zohosMysqlKeysDefaultToTheirSdksValues() {
    HikariConfig pool = JdbcPersistenceProvider.poolConfig(values(), true);

    assertTrue(pool.getJdbcUrl().startsWith("jdbc:mysql://localhost:3306/zohooauth?"), pool.getJdbcUrl());
    assertEquals("root", pool.getUsername());
    assertEquals("", pool.getPassword());
    assertEquals(JdbcPersistenceProvider.DEFAULT_POOL_SIZE, pool.getMaximumPoolSize());
  }

  @Test
  void zohosMysqlKeysBuildTheUrl() {
    HikariConfig pool = JdbcPersistenceProvider.poolConfig(values("mysql_server", "db.internal", "mysql_port", "3307",
        "mysql_database", "tokens", "mysql_username", "app", "mysql_password", "s3cret"), false);

    assertEquals("jdbc:mysql://db.internal:3307/tokens?connectTimeout=5000", pool.getJdbcUrl());
    assertEquals("app", pool.getUsername());
    assertEquals("s3cret", pool.getPassword());
  }

  @Test
  void jdbcUrlWithMysqlKeysIsAmbiguous() {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> JdbcPersistenceProvider
        .poolConfig(values("jdbc_url", "jdbc:mysql://x/y", "mysql_server", "z"), true));

    assertTrue(error.getMessage().contains("jdbc_url"), error.getMessage());
  }

  @Test
  void aUrlForAnotherDatabaseIsNamed() {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> JdbcPersistenceProvider
        .poolConfig(values("jdbc_url", "jdbc:oracle:thin:@x:1521:y"), true));

    assertTrue(error.getMessage().contains("jdbc_url ('jdbc:oracle"), error.getMessage());
  }

  @Test
  void aPasswordInsideTheJdbcUrlAppearsInNoMessageAndNoToString() throws Exception {
    // The test database's root password is empty, so the real store's URL carries "password=" (empty): even that
    // must come out masked, as a real password would.
    String url = TestDatabases.mariaDb().replaceAll("[?&]password=[^&]*", "");
    String withPassword = url + (url.contains("?") ? "&" : "?") + "password=";
    ConfigurationException malformed = assertThrows(ConfigurationException.class, () -> JdbcPersistenceProvider
        .poolConfig(values("jdbc_url", "jdbc:oracle:thin:@x:1521:y?user=u&password=S3cretPw"), true));
    assertFalse(malformed.getMessage().contains("S3cretPw"), malformed.getMessage());
    assertTrue(malformed.getMessage().contains("password=****"), malformed.getMessage());

    TokenStoreException unreachable = assertThrows(TokenStoreException.class, () -> new JdbcPersistenceProvider()
        .create(values("jdbc_url", "jdbc:mysql://u:S3cretPw@127.0.0.1:1/zohooauth?password=S3cretPw&connectTimeout=500")));
    assertFalse(unreachable.getMessage().contains("S3cretPw"), unreachable.getMessage());

    String table = TestDatabases.uniqueTable();
    TokenPersistenceHandler store = new JdbcPersistenceProvider().create(values("jdbc_url", withPassword,
        "jdbc_table", table));
    try {
      assertTrue(store.toString().contains("password=****"), store.toString());
    } finally {
      try (var pool = Database.MARIADB.pool()) {
        TestDatabases.dropTable(pool, table);
      }
      store.close();
    }
    TokenStoreException closed = assertThrows(TokenStoreException.class, () -> store.load("jane@example.com"));
    assertTrue(closed.getMessage().contains("password=****"), closed.getMessage());
  }

  @Test
  void aBadPortOrPoolSizeNamesTheKey() {
    assertTrue(assertThrows(ConfigurationException.class, () -> JdbcPersistenceProvider.poolConfig(
        values("mysql_port", "99999"), true)).getMessage().contains("mysql_port"));
    assertTrue(assertThrows(ConfigurationException.class, () -> JdbcPersistenceProvider.poolConfig(
        values("jdbc_url", "jdbc:postgresql://x/y", "jdbc_pool_size", "0"), true)).getMessage()
        .contains("jdbc_pool_size"));
  }

  @Test
  void theStoreItUsesIsLoggedOnceAtInfoWithoutThePassword() throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(JdbcPersistenceProvider.class.getName());
    logger.addHandler(handler);
    String table = TestDatabases.uniqueTable();
    String url = TestDatabases.mariaDb().replaceAll("[?&]password=[^&]*", "");
    try (TokenPersistenceHandler store = new JdbcPersistenceProvider().create(values("jdbc_url",
        url + (url.contains("?") ? "&" : "?") + "password=", "jdbc_table", table))) {
      List<String> messages = records.stream().filter(r -> r.getLevel() == java.util.logging.Level.INFO)
          .map(LogRecord::getMessage).collect(Collectors.toList());
      assertEquals(1, messages.size(), messages.toString());
      assertTrue(messages.get(0).contains("table " + table) && messages.get(0).contains("password=****"),
          messages.get(0));
    } finally {
      logger.removeHandler(handler);
      try (var pool = Database.MARIADB.pool()) {
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  private static ConfigValues values(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return ConfigValues.of(properties, "test.properties");
  }
}
