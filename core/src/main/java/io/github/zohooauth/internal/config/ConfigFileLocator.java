package io.github.zohooauth.internal.config;

import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
final class ConfigFileLocator {
  public static final String FILE_NAME = "oauth_configuration.properties";
  public static final String SYSTEM_PROPERTY = "zoho.oauth.config";
  public static final String ENVIRONMENT_VARIABLE = "ZOHO_OAUTH_CONFIG";
  private static final System.Logger LOG = System.getLogger(ConfigFileLocator.class.getName());

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
      return ConfigValues.of(load(in, absolute.toString()), absolute.toString());
    } catch (IOException e) {
      throw new ConfigurationException("Could not read the configuration file " + absolute + ": " + e.getMessage()
          + ". Check its permissions.", e);
    }
  }

  private static ConfigValues readResource(URL resource) {
    try (InputStream in = resource.openStream()) {
      String source = "classpath resource " + resource;
      return ConfigValues.of(load(in, source), source);
    } catch (IOException e) {
      throw new ConfigurationException("Could not read " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * UTF-8, so names and paths in the file may be any text; but a file that is not valid UTF-8 is read as ISO-8859-1,
   * the encoding of {@code Properties.load(InputStream)} and so of files written for Zoho's Java SDK. Text in
   * ISO-8859-1 with letters beyond ASCII is, in practice, never valid UTF-8, so the two cannot be confused; decoding
   * it as UTF-8 would silently turn "café" into "caf\uFFFD" (a folder by that name was once created).
   */
  static Properties load(InputStream in, String source) throws IOException {
    byte[] bytes = in.readAllBytes();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
      LOG.log(Level.INFO, source + " is not UTF-8; it was read as ISO-8859-1, as Zoho's Java SDK reads it. Save it "
          + "as UTF-8 to use characters that ISO-8859-1 lacks.");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte order mark would otherwise be part of the first key
    }
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }
}
