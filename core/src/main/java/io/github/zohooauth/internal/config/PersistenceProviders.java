package io.github.zohooauth.internal.config;

import io.github.zohooauth.config.ConfigKeys;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds store providers on the classpath and picks one by the rules of the {@code persistence} key. */
final class PersistenceProviders {
  /** The stores this project ships, each with the artifact a user adds to get it. */
  private static final Map<String, String> OWN_STORES = Map.of(
      "memory", "io.github.zohooauth:zoho-oauth-persistence-memory",
      "file", "io.github.zohooauth:zoho-oauth-persistence-file",
      "jdbc", "io.github.zohooauth:zoho-oauth-persistence-jdbc");

  private final List<TokenPersistenceProvider> found;

  private PersistenceProviders(List<TokenPersistenceProvider> found) {
    this.found = Collections.unmodifiableList(found);
  }

  /** The providers {@link ServiceLoader} finds through {@code classLoader}. */
  public static PersistenceProviders discover(ClassLoader classLoader) {
    List<TokenPersistenceProvider> found = new ArrayList<>();
    try {
      ServiceLoader.load(TokenPersistenceProvider.class, classLoader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException("A token store on the classpath could not be loaded: " + e.getMessage()
          + ". Check that its version matches zoho-oauth-core.", e);
    }
    return new PersistenceProviders(found);
  }

  public List<TokenPersistenceProvider> all() {
    return found;
  }

  /**
   * The provider named {@code name}; with no name, the only one found.
   *
   * @throws ConfigurationException naming what was found and which artifact to add
   */
  public TokenPersistenceProvider select(String name, String source) {
    if (name != null) {
      return found.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
          new ConfigurationException(ConfigKeys.PERSISTENCE + "=" + name + " in " + source + " names a token store "
              + "that is not on the classpath (found: " + names() + "). " + howToAdd(name)));
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      throw new ConfigurationException("No token store is on the classpath. Add one of "
          + String.join(", ", OWN_STORES.values()) + " (or set " + ConfigKeys.PERSISTENCE_HANDLER_CLASS
          + " in " + source + " to your own TokenPersistenceHandler).");
    }
    throw new ConfigurationException("Several token stores are on the classpath (" + names() + ") and "
        + ConfigKeys.PERSISTENCE + " in " + source + " does not say which to use. Add "
        + ConfigKeys.PERSISTENCE + "=<one of " + names() + ">.");
  }

  private String names() {
    return found.isEmpty() ? "none" : found.stream().map(TokenPersistenceProvider::name).collect(Collectors.joining(", "));
  }

  private static String howToAdd(String name) {
    String artifact = OWN_STORES.get(name);
    return artifact != null
        ? "Add the artifact " + artifact + " to the application's dependencies."
        : "Add the jar that provides it, or use one of " + String.join(", ", OWN_STORES.keySet()) + ".";
  }
}
