package io.github.zohooauth.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether this JVM lets the JDK's HTTP client send Basic credentials to a proxy. By default it does not through an
 * HTTPS tunnel ({@code jdk.http.auth.tunneling.disabledSchemes=Basic} in the JDK's {@code net.properties}): the
 * CONNECT request, and so the password, travels unencrypted to the proxy. The client would then get the proxy's 407
 * on every call, so a client that has proxy credentials checks this when it is built, not at its first refresh.
 */
final class ProxyAuthentication {
  static final String TUNNELLING = "jdk.http.auth.tunneling.disabledSchemes";
  static final String PROXYING = "jdk.http.auth.proxying.disabledSchemes";

  private ProxyAuthentication() {}

  /**
   * What stops Basic proxy credentials reaching a proxy for a server at {@code scheme} ("https" or "http"), as a
   * sentence that says what to set; empty when nothing does.
   */
  public static Optional<String> basicRefusedFor(String scheme) {
    String property = "https".equalsIgnoreCase(scheme) ? TUNNELLING : PROXYING;
    String value = effectiveValue(property);
    if (value == null || !disablesBasic(value)) {
      return Optional.empty();
    }
    return Optional.of("this JVM does not send Basic credentials to a proxy"
        + (property.equals(TUNNELLING) ? " through an HTTPS tunnel" : "") + ": " + property + " is '" + value
        + "'" + (System.getProperty(property) == null ? " (the JDK's default)" : "") + ". Start the JVM with -D"
        + property + "= (an empty value) to allow it; the proxy then receives the password unencrypted, as with any "
        + "Basic proxy. Or use a proxy that needs no password");
  }

  static boolean disablesBasic(String schemes) {
    for (String scheme : schemes.split(",")) {
      if (scheme.trim().toLowerCase(Locale.ROOT).equals("basic")) {
        return true;
      }
    }
    return false;
  }

  /** The system property, else the JDK's {@code conf/net.properties}, which is where the JDK itself looks. */
  private static String effectiveValue(String property) {
    String value = System.getProperty(property);
    if (value != null) {
      return value;
    }
    Path file = Paths.get(System.getProperty("java.home"), "conf", "net.properties");
    if (!Files.isReadable(file)) {
      return null;
    }
    Properties defaults = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      defaults.load(in);
    } catch (IOException e) {
      return null;
    }
    return defaults.getProperty(property);
  }
}
