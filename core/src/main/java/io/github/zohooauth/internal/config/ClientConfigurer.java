package io.github.zohooauth.internal.config;

import static io.github.zohooauth.config.ConfigKeys.*;

import io.github.zohooauth.AccessType;
import io.github.zohooauth.DataCenter;
import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthClientBuilder;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.config.Setting;
import io.github.zohooauth.event.TokenEventListener;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.spi.ConfigurationKeys;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns configuration values into a {@link ZohoOAuthClientBuilder}: validates every key, names the key, the file
 * and the fix for each bad value, warns about unknown keys with the closest known one, and creates the token store.
 */
public final class ClientConfigurer {
  private static final System.Logger LOG = System.getLogger(ClientConfigurer.class.getName());

  private ClientConfigurer() {}

  /**
   * The standard configuration file: where {@code -Dzoho.oauth.config} or {@code ZOHO_OAUTH_CONFIG} point, else
   * {@code oauth_configuration.properties} in the working directory or on the class path.
   */
  public static ConfigValues standardFile() {
    return ConfigFileLocator.standard().locate();
  }

  /** The configuration in {@code propertiesFile}. */
  public static ConfigValues read(Path propertiesFile) {
    return ConfigFileLocator.read(propertiesFile);
  }

  /** A builder configured from {@code config}, with its store created through the providers {@code loader} finds. */
  public static ZohoOAuthClientBuilder configure(ConfigValues config, ClassLoader loader) {
    return configure(config, loader, null);
  }

  /** Like {@link #configure(ConfigValues, ClassLoader)}, with {@code store} (when not null) instead of creating one. */
  public static ZohoOAuthClientBuilder configure(ConfigValues config, ClassLoader loader,
      TokenPersistenceHandler store) {
    PersistenceProviders providers = PersistenceProviders.discover(loader);
    Set<String> known = knownKeys(config, providers.all(), loader);
    for (String warning : unknownKeyWarnings(config, providers.all(), known)) {
      LOG.log(Level.WARNING, warning);
    }
    ZohoOAuthClientBuilder builder = ZohoOAuthClient.builder();
    set(config, CLIENT_ID, () -> builder.clientId(required(config, known, CLIENT_ID,
        "Copy the Client ID of your client from the Zoho API console (https://api-console.zoho.com).")));
    set(config, CLIENT_SECRET, () -> builder.clientSecret(required(config, known, CLIENT_SECRET,
        "Copy the Client Secret from the Zoho API console, or write client_secret=${ZOHO_CLIENT_SECRET} to read it "
            + "from the environment.")));
    String redirect = config.get(REDIRECT_URI);
    if (redirect != null) {
      set(config, REDIRECT_URI, () -> builder.redirectUri(redirect));
    }
    String scope = config.get(SCOPE);
    if (scope != null) {
      builder.scope(scope);
    }
    String accessType = config.get(ACCESS_TYPE);
    if (accessType != null) {
      builder.accessType(accessType(config, accessType));
    }
    configureAccountsServer(config, builder);
    String user = config.get(CURRENT_USER_EMAIL);
    if (user != null) {
      set(config, CURRENT_USER_EMAIL, () -> builder.currentUserEmail(user));
    }
    builder.http(httpSettings(config));
    Duration window = duration(config, Setting.REFRESH_WINDOW);
    Duration margin = duration(config, Setting.EXPIRY_MARGIN);
    String problem = Setting.refreshWindowProblem(window, margin);
    if (problem != null) {
      throw config.invalid(REFRESH_WINDOW_SECONDS, "smaller than " + EXPIRY_MARGIN_SECONDS + " ("
          + margin.toSeconds() + ")", "Make it at least that: " + problem + ".");
    }
    builder.refreshWindow(window)
        .expiryMargin(margin)
        .refreshFailureBackoff(duration(config, Setting.REFRESH_FAILURE_BACKOFF))
        .rateLimitBackoff(duration(config, Setting.RATE_LIMIT_BACKOFF))
        .tokenCacheSize((int) number(config, Setting.TOKEN_CACHE_SIZE))
        .maxConcurrentRefreshes((int) number(config, Setting.REFRESH_MAX_CONCURRENCY))
        .refreshWaitTimeout(duration(config, Setting.REFRESH_WAIT_TIMEOUT))
        .refreshLeaseTime(duration(config, Setting.REFRESH_LEASE));
    String allowlist = config.get(API_DOMAIN_ALLOWLIST);
    if (allowlist != null) {
      for (String host : allowlist.split(",")) {
        if (!host.trim().matches("[A-Za-z0-9.-]+")) {
          throw config.invalid(API_DOMAIN_ALLOWLIST, "not a list of host names",
              "Write host names separated by commas, such as api.example.com,gw.example.com (no scheme, no path).");
        }
        builder.allowApiDomains(host.trim());
      }
    }
    String servers = config.get(ACCOUNTS_SERVER_ALLOWLIST);
    if (servers != null) {
      for (String server : servers.split(",")) {
        set(config, ACCOUNTS_SERVER_ALLOWLIST, () -> builder.allowAccountsServers(server.trim()));
      }
    }
    String key = config.get(TOKEN_ENCRYPTION_KEY);
    if (key == null && config.keys().contains(TOKEN_ENCRYPTION_KEY)) {
      // Written but blank: storing tokens in plain text would silently defeat what the line asks for.
      throw config.invalid(TOKEN_ENCRYPTION_KEY, "empty", "Set it to 32 random bytes in base64 ('zoho-oauth "
          + "new-key'), typically as ${ZOHO_TOKEN_KEY}, or remove the line to store tokens unencrypted.");
    }
    if (key != null) {
      set(config, TOKEN_ENCRYPTION_KEY, () -> builder.tokenEncryptionKey(key));
    }
    String oldKeys = config.get(TOKEN_ENCRYPTION_OLD_KEYS);
    if (oldKeys != null) {
      set(config, TOKEN_ENCRYPTION_OLD_KEYS, () -> builder.tokenEncryptionOldKeys(Arrays.stream(oldKeys.split(","))
          .map(String::trim).filter(part -> !part.isEmpty()).toArray(String[]::new)));
    }
    builder.acceptPlaintextTokens(config.getBoolean(TOKEN_ENCRYPTION_ACCEPT_PLAINTEXT, false));
    String namespace = config.get(TOKEN_ENCRYPTION_NAMESPACE);
    if (namespace != null) {
      set(config, TOKEN_ENCRYPTION_NAMESPACE, () -> builder.tokenEncryptionNamespace(namespace));
    }
    builder.tokenStore(store != null ? store : createStore(config, providers, loader));
    ServiceLoader.load(TokenEventListener.class, loader).forEach(builder::eventListener);
    return builder;
  }

  /**
   * The keys something reads: the core, Zoho's SDK keys that have no effect here, the stores on the classpath, and
   * the {@link ConfigurationKeys} of a class named by {@code persistence_handler_class}.
   */
  static Set<String> knownKeys(ConfigValues config, List<TokenPersistenceProvider> providers, ClassLoader loader) {
    Set<String> known = new TreeSet<>(CORE);
    known.addAll(ZOHO_SDK_KEYS_WITHOUT_EFFECT);
    for (TokenPersistenceProvider provider : providers) {
      known.addAll(provider.configurationKeys());
    }
    String handler = config.get(PERSISTENCE_HANDLER_CLASS);
    if (handler != null) {
      try {
        ConfigurationKeys keys = Class.forName(handler, false, loader).getAnnotation(ConfigurationKeys.class);
        if (keys != null) {
          known.addAll(Arrays.asList(keys.value()));
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // reported with its fix when the store is created
      }
    }
    return known;
  }

  /** One warning per key that nothing in {@code known} matches, with the closest known key. */
  static List<String> unknownKeyWarnings(ConfigValues config, List<TokenPersistenceProvider> providers,
      Set<String> known) {
    StringBuilder stores = new StringBuilder();
    for (TokenPersistenceProvider provider : providers) {
      stores.append(stores.length() == 0 ? "" : ", ").append(provider.name());
    }
    List<String> warnings = new ArrayList<>();
    for (String key : config.keys()) {
      if (!known.contains(key)) {
        String suggestion = KeySuggester.closest(key, known);
        warnings.add("Unknown key '" + KeySuggester.quoted(key) + "' in " + config.source() + " is ignored"
            + (suggestion != null ? ": did you mean '" + suggestion + "'?" : ".")
            + " (Known to the core and the stores on the classpath: " + (stores.length() == 0 ? "none" : stores)
            + ".)");
      }
    }
    return warnings;
  }

  /**
   * A required key's value. When it is missing and an unknown key of the file looks like a typo of it, the error
   * says so: the warning about the unknown key alone is easy to miss.
   */
  private static String required(ConfigValues config, Set<String> known, String key, String fix) {
    if (config.get(key) == null) {
      for (String present : config.keys()) {
        if (!known.contains(present) && key.equals(KeySuggester.closest(present, Set.of(key)))) {
          throw new ConfigurationException("Missing " + key + " in " + config.source() + ": the file has '"
              + KeySuggester.quoted(present) + "', did you mean " + key + "? " + fix);
        }
      }
    }
    return config.require(key, fix);
  }

  private static AccessType accessType(ConfigValues config, String value) {
    for (AccessType type : AccessType.values()) {
      if (type.value().equals(value.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw config.invalid(ACCESS_TYPE, "neither offline nor online",
        "Write offline (the default: Zoho then issues a refresh token) or online.");
  }

  private static void configureAccountsServer(ConfigValues config, ZohoOAuthClientBuilder builder) {
    String url = config.get(ACCOUNTS_URL, IAM_URL);
    String dcKey = config.get(DC) != null ? DC : DOMAIN_SUFFIX;
    String dc = config.get(DC, DOMAIN_SUFFIX);
    if (url != null) {
      String key = config.get(ACCOUNTS_URL) != null ? ACCOUNTS_URL : IAM_URL;
      set(config, key, () -> builder.accountsUrl(url));
      if (dc != null) {
        LOG.log(Level.WARNING, "Both " + key + " and " + dcKey + " are set in " + config.source() + "; " + key
            + " is used.");
      }
      return;
    }
    if (dc != null) {
      builder.dataCenter(DataCenter.fromCode(dc).orElseThrow(() -> config.invalid(dcKey,
          "not a Zoho data centre", "Use one of: " + DataCenter.codes() + " (or set accounts_url).")));
    }
  }

  private static HttpSettings httpSettings(ConfigValues config) {
    HttpSettings http = HttpSettings.defaults()
        .withConnectTimeout(duration(config, Setting.HTTP_CONNECT_TIMEOUT))
        .withRequestTimeout(duration(config, Setting.HTTP_REQUEST_TIMEOUT))
        .withMaxRetries((int) number(config, Setting.HTTP_MAX_RETRIES));
    String host = config.get(PROXY_HOST);
    String port = config.get(PROXY_PORT);
    if (host == null && port == null) {
      if (config.get(PROXY_USER) != null) {
        throw config.invalid(PROXY_USER, "set without " + PROXY_HOST, "Set " + PROXY_HOST + " and " + PROXY_PORT
            + " too, or remove " + PROXY_USER + ".");
      }
      return http;
    }
    if (host == null) {
      throw config.invalid(PROXY_PORT, "set without " + PROXY_HOST, "Set " + PROXY_HOST + " too, or remove "
          + PROXY_PORT + ".");
    }
    if (port == null) {
      throw new ConfigurationException("Missing " + PROXY_PORT + " in " + config.source() + ": " + PROXY_HOST
          + " is set. Add " + PROXY_PORT + "=<port of the proxy>.");
    }
    http = http.withProxy(host, config.getInt(PROXY_PORT, 0, 1, 65_535));
    String proxyUser = config.get(PROXY_USER);
    if (proxyUser != null) {
      String password = config.get(PROXY_PASSWORD);
      http = http.withProxyCredentials(proxyUser, password == null ? new char[0] : password.toCharArray());
    }
    return http;
  }

  private static TokenPersistenceHandler createStore(ConfigValues config, PersistenceProviders providers,
      ClassLoader loader) {
    String handlerClass = config.get(PERSISTENCE_HANDLER_CLASS);
    String named = config.get(PERSISTENCE);
    if (handlerClass != null && named != null) {
      throw new ConfigurationException("Both " + PERSISTENCE + " and " + PERSISTENCE_HANDLER_CLASS + " are set in "
          + config.source() + ". Keep " + PERSISTENCE + " to use one of this library's stores, or "
          + PERSISTENCE_HANDLER_CLASS + " to use your own class.");
    }
    if (handlerClass != null) {
      return instantiate(config, handlerClass, loader);
    }
    return providers.select(named, config.source()).create(config);
  }

  private static TokenPersistenceHandler instantiate(ConfigValues config, String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw config.invalid(PERSISTENCE_HANDLER_CLASS, "a class that cannot be loaded (" + e + ")",
          "Check the class name and that its jar is on the classpath.");
    }
    if (!TokenPersistenceHandler.class.isAssignableFrom(type)) {
      throw config.invalid(PERSISTENCE_HANDLER_CLASS, "a class that does not implement "
          + TokenPersistenceHandler.class.getName(), "A handler written for Zoho's SDK implements their "
          + "interface; implement " + TokenPersistenceHandler.class.getSimpleName() + " instead (load, save, delete).");
    }
    try {
      try {
        Constructor<?> withConfig = type.getConstructor(ConfigValues.class);
        return (TokenPersistenceHandler) withConfig.newInstance(config);
      } catch (NoSuchMethodException e) {
        return (TokenPersistenceHandler) type.getConstructor().newInstance();
      }
    } catch (NoSuchMethodException e) {
      throw config.invalid(PERSISTENCE_HANDLER_CLASS, "a class with no public constructor taking no arguments or "
          + "a ConfigValues", "Add one.");
    } catch (InvocationTargetException e) {
      throw new ConfigurationException("The token store " + className + " (" + PERSISTENCE_HANDLER_CLASS + " in "
          + config.source() + ") failed to start: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw config.invalid(PERSISTENCE_HANDLER_CLASS, "a class that cannot be created (" + e + ")",
          "Make the class and its constructor public and the class not abstract.");
    }
  }

  /** Runs a builder setter and turns its {@link IllegalArgumentException} into an error naming {@code key}. */
  private static void set(ConfigValues config, String key, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw config.invalid(key, e.getMessage(), "");
    }
  }

  /** The setting's value in the configuration, within its bounds, or its default. */
  private static long number(ConfigValues config, Setting setting) {
    return config.getLong(setting.key(), setting.defaultValue(), setting.min(), setting.max());
  }

  private static Duration duration(ConfigValues config, Setting setting) {
    return setting.toDuration(number(config, setting));
  }
}
