package io.github.zohooauth;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.internal.config.ClientConfigurer;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * The entry point for applications configured by {@code oauth_configuration.properties}, as with Zoho's SDKs.
 *
 * <pre>{@code
 * ZohoOAuth.initialize();                                   // once, at startup
 * String token = ZohoOAuth.getClientInstance().getAccessToken("user@example.com");
 * }</pre>
 *
 * Applications that configure in code use {@link ZohoOAuthClient#builder()} instead. Initializing again replaces the
 * client and closes the previous one.
 */
public final class ZohoOAuth {
  private static final Object LOCK = new Object();
  private static volatile ZohoOAuthClient client;

  private ZohoOAuth() {}

  /**
   * Reads {@code oauth_configuration.properties} from, in order: the file named by the system property
   * {@code zoho.oauth.config}, the file named by the environment variable {@code ZOHO_OAUTH_CONFIG}, the working
   * directory, the classpath; then builds the client and its token store.
   *
   * @throws io.github.zohooauth.exception.ConfigurationException naming the key, the file and the fix
   */
  public static ZohoOAuthClient initialize() {
    return install(ClientConfigurer.standardFile());
  }

  /** Like {@link #initialize()}, from the given properties file. */
  public static ZohoOAuthClient initialize(Path propertiesFile) {
    return install(ClientConfigurer.read(propertiesFile));
  }

  /** Like {@link #initialize()}, from properties the application already holds. */
  public static ZohoOAuthClient initialize(Properties properties) {
    return install(ConfigValues.of(properties, "the Properties given to ZohoOAuth.initialize"));
  }

  /**
   * A builder configured from {@code properties}, as {@link #initialize(Properties)} would configure the client, for
   * a framework that adds to it (listeners) before building: with {@code store} when not null, else the store the
   * properties select. Install the client with {@link #use}. {@code source} names the properties in errors.
   */
  public static ZohoOAuthClientBuilder configure(Properties properties, String source,
      TokenPersistenceHandler store) {
    return ClientConfigurer.configure(ConfigValues.of(properties, source), classLoader(), store);
  }

  /** Like {@link #configure(Properties, String, TokenPersistenceHandler)}, from a properties file. */
  public static ZohoOAuthClientBuilder configure(Path propertiesFile, TokenPersistenceHandler store) {
    return ClientConfigurer.configure(ClientConfigurer.read(propertiesFile), classLoader(), store);
  }

  /**
   * Makes {@code client} the one {@link #getClientInstance()} returns, such as a framework's bean, so that code
   * written against the properties style keeps working. The previous client is not closed: its owner closes it.
   */
  public static void use(ZohoOAuthClient client) {
    synchronized (LOCK) {
      ZohoOAuth.client = Objects.requireNonNull(client, "client");
    }
  }

  /** The client; before any {@code initialize}, initializes from the default lookup of {@link #initialize()}. */
  public static ZohoOAuthClient getClientInstance() {
    ZohoOAuthClient current = client;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      return client != null ? client : initialize();
    }
  }

  private static ZohoOAuthClient install(ConfigValues config) {
    ZohoOAuthClient created = ClientConfigurer.configure(config, classLoader()).build();
    ZohoOAuthClient previous;
    synchronized (LOCK) {
      previous = client;
      client = created;
    }
    if (previous != null) {
      previous.close();
    }
    return created;
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ZohoOAuth.class.getClassLoader();
  }
}
