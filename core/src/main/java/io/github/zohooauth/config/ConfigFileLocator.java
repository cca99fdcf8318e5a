package io.github.zohooauth.config;

import io.github.zohooauth.exception.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Finds and reads {@code oauth_configuration.properties}: the system property {@code zoho.oauth.config}, then the
 * environment variable {@code ZOHO_OAUTH_CONFIG}, then the working directory, then the classpath.
 */
public final class ConfigFileLocator {
  public static final String FILE_NAME = "oauth_configuration.properties";
  public static final String SYSTEM_PROPERTY = "zoho.oauth.config";
  public static final String ENVIRONMENT_VARIABLE = "ZOHO_OAUTH_CONFIG";

  private final Function<String, String> systemProperties;
  private final Function<String, String> environment;
  private final Path workingDirectory;
  private final ClassLoader classLoader;

  ConfigFileLocator(Function<String, String> systemProperties, Function<String, String> environment,
      Path workingDirectory, ClassLoader classLoader) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.classLoader = classLoader;
  }

  /** A locator over this process's system properties, environment, working directory and context class loader. */
  public static ConfigFileLocator standard() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new ConfigFileLocator(System::getProperty, System::getenv, Paths.get("").toAbsolutePath(),
        loader != null ? loader : ConfigFileLocator.class.getClassLoader());
  }

  /** Reads the first configuration found; fails listing every place it looked. */
  public ConfigValues locate() {
    String named = systemProperties.apply(SYSTEM_PROPERTY);
    if (named != null && !named.isEmpty()) {
      return read(Paths.get(named), "the system property " + SYSTEM_PROPERTY);
    }
    named = environment.apply(ENVIRONMENT_VARIABLE);
    if (named != null && !named.isEmpty()) {
      return read(Paths.get(named), "the environment variable " + ENVIRONMENT_VARIABLE);
    }
    List<String> looked = new ArrayList<>();
    looked.add("system property " + SYSTEM_PROPERTY + " (not set)");
    looked.add("environment variable " + ENVIRONMENT_VARIABLE + " (not set)");
    Path inWorkingDirectory = workingDirectory.resolve(FILE_NAME);
    if (Files.isRegularFile(inWorkingDirectory)) {
      return read(inWorkingDirectory, "the working directory");
    }
    looked.add(inWorkingDirectory + " (no such file)");
    URL resource = classLoader.getResource(FILE_NAME);
    if (resource != null) {
      return readResource(resource);
    }
    looked.add("classpath resource " + FILE_NAME + " (not found)");
    throw new ConfigurationException("Found no " + FILE_NAME + ". Looked at: " + String.join("; ", looked)
        + ". Create the file (client_id, client_secret, redirect_uri, ...), or point -D" + SYSTEM_PROPERTY
        + "=<path> at it, or call ZohoOAuth.initialize(path).");
  }

  /** Reads the properties file at {@code file}. */
  public static ConfigValues read(Path file) {
    return read(file, "the path given");
  }

  private static ConfigValues read(Path file, String namedBy) {
    Path absolute = file.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new ConfigurationException("The configuration file " + absolute + " (named by " + namedBy
          + ") does not exist or is not a file. Fix the path, or remove the setting to use the default lookup.");
    }
    try (InputStream in = Files.newInputStream(absolute)) {
      return ConfigValues.of(load(in), absolute.toString());
    } catch (IOException e) {
      throw new ConfigurationException("Could not read the configuration file " + absolute + ": " + e.getMessage()
          + ". Check its permissions.", e);
    }
  }

  private static ConfigValues readResource(URL resource) {
    try (InputStream in = resource.openStream()) {
      return ConfigValues.of(load(in), "classpath resource " + resource);
    } catch (IOException e) {
      throw new ConfigurationException("Could not read " + resource + ": " + e.getMessage(), e);
    }
  }

  // UTF-8, not Properties.load(InputStream)'s ISO-8859-1: names and paths in the file may be non-ASCII.
  private static Properties load(InputStream in) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }
}
