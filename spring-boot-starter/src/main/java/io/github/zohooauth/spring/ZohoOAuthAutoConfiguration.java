package io.github.zohooauth.spring;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthClientBuilder;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * A {@link ZohoOAuthClient} bean from {@code zoho.oauth.*} (or {@code zoho.oauth.config-file}), closed on shutdown
 * and returned by {@link ZohoOAuth#getClientInstance()} too. Every {@link TokenEventListener} bean hears its events.
 * With {@code persistence=jdbc} and no URL of its own, it stores tokens through the application's {@code DataSource}
 * bean rather than a second pool; with {@code persistence=redis} and no address of its own, it opens its connection on
 * the application's Lettuce connection factory's client. With Micrometer, the meters are bound; with Actuator, a {@code zohoOAuth} health
 * indicator reports the store.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(ZohoOAuthProperties.class)
public class ZohoOAuthAutoConfiguration {
  /** The keys of the properties file that are not snake case. */
  private static final Map<String, String> CAMEL_CASE_KEYS = Map.of("current_user_email", "currentUserEmail",
      "proxy_host", "proxyHost", "proxy_port", "proxyPort", "proxy_user", "proxyUser", "proxy_password",
      "proxyPassword", "iam_url", "iamURL", "domain_suffix", "domainSuffix");

  private static final String SOURCE = "the zoho.oauth.* properties";

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ZohoOAuthClient zohoOAuthClient(Environment environment, ZohoOAuthProperties properties,
      ObjectProvider<DataSource> dataSources, ObjectProvider<TokenEventListener> listeners,
      BeanFactory beans) {
    ZohoOAuthClientBuilder builder;
    if (properties.getConfigFile() != null) {
      builder = ZohoOAuth.configure(properties.getConfigFile(), null);
    } else {
      Properties config = keys(environment);
      TokenPersistenceHandler applicationStore = applicationDataSource(config, dataSources);
      if (applicationStore == null) {
        applicationStore = applicationRedis(config, beans);
      }
      builder = ZohoOAuth.configure(config, SOURCE, applicationStore);
    }
    listeners.orderedStream().forEach(builder::eventListener);
    ZohoOAuthClient client = builder.build();
    if (ClassUtils.isPresent("io.github.zohooauth.micrometer.ZohoOAuthMetrics", getClass().getClassLoader())) {
      Meters.bindCacheSize(listeners, client);
    }
    ZohoOAuth.use(client);
    return client;
  }

  /** Every key under {@code zoho.oauth}, in the properties file's spelling. */
  static Properties keys(Environment environment) {
    Map<String, String> bound = Binder.get(environment)
        .bind("zoho.oauth", Bindable.mapOf(String.class, String.class)).orElse(new LinkedHashMap<>());
    Properties config = new Properties();
    bound.forEach((key, value) -> {
      String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
      if (!snake.equals("config_file")) {
        config.setProperty(CAMEL_CASE_KEYS.getOrDefault(snake, snake), value);
      }
    });
    return config;
  }

  /** The application's DataSource for the JDBC store, when it selects jdbc and names no database of its own. */
  private static TokenPersistenceHandler applicationDataSource(Properties config,
      ObjectProvider<DataSource> dataSources) {
    if (!usesApplicationBean(config, "jdbc", key -> key.equals("jdbc_url") || key.startsWith("mysql_"),
        "io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler")) {
      return null;
    }
    DataSource dataSource = dataSources.getIfAvailable();
    return dataSource == null ? null : JdbcStore.on(dataSource, config.getProperty("jdbc_table"));
  }

  /**
   * A store on the application's Lettuce connection factory, when it selects redis and names no Redis of its own: a
   * connection of its own on the application's client, with no second client.
   */
  private static TokenPersistenceHandler applicationRedis(Properties config, BeanFactory beans) {
    if (!usesApplicationBean(config, "redis", key -> key.equals("redis_url") || key.equals("redis_cluster_nodes"),
        "io.github.zohooauth.persistence.redis.RedisPersistenceProvider", RedisStore.FACTORY)) {
      return null;
    }
    return RedisStore.on(beans, ConfigValues.of(config, SOURCE));
  }

  /**
   * Whether the store should use the application's own bean: {@code config} selects {@code persistence}, names no
   * address of its own (no key that {@code ownAddress} accepts), and {@code classes} are on the classpath.
   */
  private static boolean usesApplicationBean(Properties config, String persistence, Predicate<String> ownAddress,
      String... classes) {
    ClassLoader loader = ZohoOAuthAutoConfiguration.class.getClassLoader();
    return persistence.equals(config.getProperty("persistence"))
        && config.stringPropertyNames().stream().noneMatch(ownAddress)
        && Arrays.stream(classes).allMatch(name -> ClassUtils.isPresent(name, loader));
  }

  /** Kept apart so that the JDBC store's classes load only when it is on the classpath. */
  static final class JdbcStore {
    private JdbcStore() {}

    static TokenPersistenceHandler on(DataSource dataSource, String table) {
      var builder = io.github.zohooauth.persistence.jdbc.JdbcTokenPersistenceHandler.builder(dataSource);
      if (table != null) {
        builder.table(table);
      }
      return builder.build();
    }
  }

  /** Kept apart so that the Redis store's and Spring Data Redis's classes load only when they are there. */
  static final class RedisStore {
    static final String FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    private RedisStore() {}

    static TokenPersistenceHandler on(BeanFactory beans, ConfigValues config) {
      var lettuce = beans.getBeanProvider(
          org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory.class).getIfAvailable();
      if (lettuce == null) {
        return null;
      }
      if (!lettuce.isRunning()) {
        lettuce.start();
      }
      return new io.github.zohooauth.persistence.redis.RedisPersistenceProvider().create(config,
          lettuce.getRequiredNativeClient());
    }
  }

  /** Kept apart so that Micrometer's classes load only when it is on the classpath. */
  static final class Meters {
    private Meters() {}

    static void bindCacheSize(ObjectProvider<TokenEventListener> listeners, ZohoOAuthClient client) {
      listeners.orderedStream().filter(io.github.zohooauth.micrometer.ZohoOAuthMetrics.class::isInstance)
          .forEach(metrics -> ((io.github.zohooauth.micrometer.ZohoOAuthMetrics) metrics).bindCacheSize(client));
    }
  }

  /** The meters, when Micrometer and a registry are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
      "io.github.zohooauth.micrometer.ZohoOAuthMetrics"})
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    io.github.zohooauth.micrometer.ZohoOAuthMetrics zohoOAuthMetrics(
        io.micrometer.core.instrument.MeterRegistry registry) {
      return new io.github.zohooauth.micrometer.ZohoOAuthMetrics(registry);
    }
  }

  /** With Actuator: this library's secrets masked in /actuator/env and /actuator/configprops. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static class SanitizingConfiguration {
    @Bean
    org.springframework.boot.actuate.endpoint.SanitizingFunction zohoOAuthSecretMasking() {
      return new ZohoOAuthSecretMasking();
    }
  }

  /** The {@code zohoOAuth} health indicator, with Actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthConfiguration {
    @Bean
    ZohoOAuthHealth zohoOAuthHealthEvents() {
      return new ZohoOAuthHealth();
    }

    @Bean
    HealthIndicator zohoOAuthHealthIndicator(ZohoOAuthClient client, ZohoOAuthHealth health) {
      return () -> health.check(client);
    }
  }
}
