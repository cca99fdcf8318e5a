package io.github.zohooauth.config;

import io.github.zohooauth.exception.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration values as read from {@code oauth_configuration.properties} (or {@link Properties} given in code),
 * with {@code ${ENV_VAR}} references resolved, and typed reads whose errors name the key, the source and the fix.
 * Stores receive one of these in {@link io.github.zohooauth.spi.TokenPersistenceProvider#create}.
 */
public final class ConfigValues {
  private static final Pattern REFERENCE = Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_.]*)}");

  private final Map<String, String> raw;
  private final String source;
  private final Function<String, String> environment;

  ConfigValues(Properties properties, String source, Function<String, String> environment) {
    Map<String, String> copy = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      copy.put(name.trim(), properties.getProperty(name));
    }
    this.raw = Collections.unmodifiableMap(copy);
    this.source = Objects.requireNonNull(source);
    this.environment = Objects.requireNonNull(environment);
  }

  /** Values from {@code properties}, described in errors as {@code source}, resolving references from the environment. */
  public static ConfigValues of(Properties properties, String source) {
    return new ConfigValues(properties, source, System::getenv);
  }

  /** As {@link #of(Properties, String)}, resolving {@code ${NAME}} through {@code environment} (for tests). */
  public static ConfigValues of(Properties properties, String source, Function<String, String> environment) {
    return new ConfigValues(properties, source, environment);
  }

  /** Where the values came from, for messages: a file path or "Properties given to ZohoOAuth.initialize". */
  public String source() {
    return source;
  }

  /** The keys present, as written. */
  public Set<String> keys() {
    return raw.keySet();
  }

  /**
   * The value of the first of {@code keys} that is set, trimmed, references resolved; null when none is set or the
   * value is blank.
   */
  public String get(String... keys) {
    for (String key : keys) {
      String value = raw.get(key);
      if (value != null && !value.trim().isEmpty()) {
        return resolve(key, value.trim());
      }
    }
    return null;
  }

  /** Like {@link #get} for one key, failing with {@code fix} in the message when it is not set. */
  public String require(String key, String fix) {
    String value = get(key);
    if (value == null) {
      throw new ConfigurationException("Missing " + key + " in " + source + ". " + fix);
    }
    return value;
  }

  /** An int in {@code [min, max]}, or {@code defaultValue} when not set. */
  public int getInt(String key, int defaultValue, int min, int max) {
    long value = getLong(key, defaultValue, min, max);
    return (int) value;
  }

  /** A long in {@code [min, max]}, or {@code defaultValue} when not set. */
  public long getLong(String key, long defaultValue, long min, long max) {
    String text = get(key);
    if (text == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(key, "not a whole number", "Write a number from " + min + " to " + max + " (default "
          + defaultValue + ").");
    }
    if (value < min || value > max) {
      throw invalid(key, "out of range", "Write a number from " + min + " to " + max + " (default "
          + defaultValue + ").");
    }
    return value;
  }

  /** {@code true}/{@code false} (also yes/no), or {@code defaultValue} when not set. */
  public boolean getBoolean(String key, boolean defaultValue) {
    String text = get(key);
    if (text == null) {
      return defaultValue;
    }
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "yes":
        return true;
      case "false":
      case "no":
        return false;
      default:
        throw invalid(key, "not true or false", "Write true or false (default " + defaultValue + ").");
    }
  }

  /**
   * An error for a value that is set but wrong. The message quotes the value, with any password inside it masked,
   * unless the key holds a secret.
   */
  public ConfigurationException invalid(String key, String problem, String fix) {
    String shown = isSecret(key) ? "" : " ('" + Secrets.maskUrl(raw.get(key)) + "')";
    return new ConfigurationException(
        ("The value of " + key + shown + " in " + source + " is wrong: " + problem + ". " + fix).trim());
  }

  private String resolve(String key, String value) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      out.append(value, last, matcher.start());
      String name = matcher.group(2);
      if (!matcher.group(1).isEmpty()) {
        out.append("${").append(name).append('}'); // $${NAME} is a literal ${NAME}
      } else {
        String resolved = environment.apply(name);
        if (resolved == null) {
          throw new ConfigurationException("The value of " + key + " in " + source + " refers to the environment "
              + "variable " + name + ", which is not set. Set " + name + " in the environment of the application, "
              + "or write the value itself.");
        }
        out.append(resolved);
      }
      last = matcher.end();
    }
    return out.append(value.substring(last)).toString();
  }

  private static boolean isSecret(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("secret") || lower.contains("password") || lower.endsWith("token")
        || lower.contains("encryption");
  }

  @Override
  public String toString() {
    return "ConfigValues{source=" + source + ", keys=" + raw.keySet() + "}";
  }
}
