package io.github.zohooauth.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The configuration keys a store named by {@code persistence_handler_class} reads from its {@code ConfigValues}, so
 * that they are not reported as unknown. A store published as a {@link TokenPersistenceProvider} declares its keys
 * there instead.
 *
 * <pre>{@code
 * @ConfigurationKeys({"redis_url", "redis_key_prefix"})
 * public final class MyStore implements TokenPersistenceHandler {
 *   public MyStore(ConfigValues config) { ... config.get("redis_url") ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConfigurationKeys {
  /** The keys, exactly as they are written in the properties file. */
  String[] value();
}
