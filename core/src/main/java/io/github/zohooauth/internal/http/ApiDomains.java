package io.github.zohooauth.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which {@code api_domain} values a token answer may carry. The application sends the user's tokens there, so an
 * answer naming another host (a compromised proxy, a forged server) must not be stored: only Zoho's API hosts
 * ({@code *.zohoapis.<tld>} of Zoho's data centres, {@code *.zohocloud.ca}), hosts the application allowed by name,
 * and, when the accounts server itself is on loopback (the testkit), loopback hosts.
 */
final class ApiDomains {
  private static final Pattern ZOHO_HOST = Pattern.compile(
      "([a-z0-9-]+\\.)*(zohoapis\\.(com|eu|in|com\\.au|com\\.cn|jp|ca|sa|uk)|zohocloud\\.ca)");

  private final Set<String> allowedHosts;
  private final boolean loopbackAllowed;

  private ApiDomains(Set<String> allowedHosts, boolean loopbackAllowed) {
    this.allowedHosts = allowedHosts;
    this.loopbackAllowed = loopbackAllowed;
  }

  /** Zoho's hosts, the given extra hosts, and loopback hosts when {@code accountsUrl} is on loopback. */
  public static ApiDomains of(String accountsUrl, Collection<String> extraHosts) {
    Set<String> hosts = new TreeSet<>();
    for (String host : extraHosts) {
      hosts.add(host.trim().toLowerCase(Locale.ROOT));
    }
    return new ApiDomains(hosts, isLoopback(URI.create(accountsUrl).getHost()));
  }

  /** Whether {@code apiDomain} is an origin ({@code https://host[:port]}) of an accepted host. */
  public boolean accepts(String apiDomain) {
    URI uri;
    try {
      uri = new URI(apiDomain);
    } catch (URISyntaxException e) {
      return false;
    }
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    boolean bareOrigin = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
    if (host == null || !bareOrigin) {
      return false;
    }
    if (loopbackAllowed && isLoopback(host)) {
      return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    }
    return "https".equalsIgnoreCase(uri.getScheme()) && (ZOHO_HOST.matcher(host).matches()
        || allowedHosts.contains(host));
  }

  /**
   * Whether a caller's request to {@code target} may carry the access token of a user whose API domain is
   * {@code userApiDomain} (already {@link #accepts accepted}). Only these may: that very origin; over https, Zoho's
   * own hosts of the same data centre ({@code *.zohoapis.eu} and {@code *.zoho.eu} for a user on
   * {@code www.zohoapis.eu}); over https, a host on the allow-list. Loopback gets no exemption here: a test server is
   * trusted only as the user's API domain itself.
   */
  public boolean carriesTokenTo(URI target, String userApiDomain) {
    String host = target.getHost() == null ? null : target.getHost().toLowerCase(Locale.ROOT);
    if (host == null || target.getRawUserInfo() != null) {
      return false;
    }
    URI own = URI.create(userApiDomain);
    if (target.getScheme().equalsIgnoreCase(own.getScheme()) && host.equalsIgnoreCase(own.getHost())
        && port(target) == port(own)) {
      return true;
    }
    if (!"https".equalsIgnoreCase(target.getScheme())) {
      return false;
    }
    String ownHost = own.getHost().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher dc = ZOHO_HOST.matcher(ownHost);
    if (dc.matches()) {
      String zone = dc.group(2); // zohoapis.eu, zohocloud.ca, ...
      String tld = zone.startsWith("zohoapis.") ? zone.substring("zohoapis.".length()) : "ca";
      Set<String> zones = "ca".equals(tld) ? Set.of("zohoapis.ca", "zohocloud.ca") : Set.of(zone, "zoho." + tld);
      for (String z : zones) {
        if (host.equals(z) || host.endsWith("." + z)) {
          return true;
        }
      }
    }
    return allowedHosts.contains(host);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /**
   * Whether {@code host} is {@code localhost} or a literal loopback address. Names are never resolved: a DNS answer
   * must not decide where the client secret may go in clear.
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ApiDomains{zoho, " + allowedHosts + (loopbackAllowed ? ", loopback" : "") + "}";
  }
}
