package io.github.zohooauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.DataCenter;
import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.ChildJvm;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls through a real local proxy that demands Basic credentials, over plain HTTP and through HTTPS tunnels. */
class ProxyTest {
  private static final String USER = "user@example.com";
  private static final String PROXY_USER = "alice";
  private static final String PROXY_PASSWORD = "pr0xy-S3cret";

  private final InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
  private FakeZohoAccountsServer zoho;
  private BasicAuthProxy proxy;

  @BeforeEach
  void start() throws Exception {
    zoho = FakeZohoAccountsServer.start();
    proxy = BasicAuthProxy.start(PROXY_USER, PROXY_PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    zoho.close();
  }

  private ZohoOAuthClient client(String accountsUrl, String user, String password) {
    HttpSettings http = HttpSettings.defaults().withProxy("127.0.0.1", proxy.port())
        .withRequestTimeout(Duration.ofSeconds(5)).withRetryBaseDelay(Duration.ofMillis(5));
    if (user != null) {
      http = http.withProxyCredentials(user, password.toCharArray());
    }
    return ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .accountsUrl(accountsUrl).tokenStore(store).http(http).build();
  }

  @Test
  void theProxyGetsTheCredentialsWithTheFirstRequestAndTheTokensComeThrough() {
    String refreshToken = zoho.issueRefreshToken(USER);
    try (ZohoOAuthClient client = client(zoho.accountsUrl(), PROXY_USER, PROXY_PASSWORD)) {
      client.generateAccessTokenFromRefreshToken(refreshToken, USER);
    }

    assertEquals(List.of(proxy.expectedCredentials()), proxy.receivedCredentials(), "one request, credentials sent");
    assertEquals(List.of("POST " + zoho.accountsUrl() + "/oauth/v2/token HTTP/1.1"), proxy.passed());
    assertTrue(store.load(USER).isPresent());
  }

  @Test
  void wrongCredentialsEndInOneTypedErrorThatNamesTheKeysButNotThePassword() {
    String refreshToken = zoho.issueRefreshToken(USER);
    ZohoNetworkException error;
    try (ZohoOAuthClient client = client(zoho.accountsUrl(), PROXY_USER, "wrong-Pa55")) {
      error = assertThrows(ZohoNetworkException.class,
          () -> client.generateAccessTokenFromRefreshToken(refreshToken, USER));
    }

    assertTrue(error.getMessage().contains("407") && error.getMessage().contains("proxyPassword"),
        error.getMessage());
    assertFalse(error.getMessage().contains("wrong-Pa55"), error.getMessage());
    assertEquals(1, proxy.receivedCredentials().size(), "a refusal is not retried");
    assertEquals(0, zoho.requestCount(Endpoint.TOKEN));
    assertFalse(store.load(USER).isPresent());
  }

  @Test
  void aProxyThatWantsCredentialsNobodyGaveIsATypedErrorThatSaysWhatToSet() {
    String refreshToken = zoho.issueRefreshToken(USER);
    try (ZohoOAuthClient client = client(zoho.accountsUrl(), null, null)) {
      ZohoNetworkException error = assertThrows(ZohoNetworkException.class,
          () -> client.generateAccessTokenFromRefreshToken(refreshToken, USER));
      assertTrue(error.getMessage().contains("set proxyUser and proxyPassword"), error.getMessage());
    }
  }

  /** The JDK answers a 407 to CONNECT with an answer that has no body: once a raw IllegalArgumentException. */
  @Test
  void aTunnelRefusedForWantOfCredentialsIsATypedError() {
    try (ZohoOAuthClient client = client(DataCenter.US.accountsUrl(), null, null)) {
      ZohoNetworkException error = assertThrows(ZohoNetworkException.class,
          () -> client.generateAccessTokenFromRefreshToken("1000.refresh", USER));
      assertTrue(error.getMessage().contains("407"), error.getMessage());
    }
    assertEquals(List.of(""), proxy.receivedCredentials());
  }

  @Test
  void credentialsThisJvmWouldNotSendThroughAnHttpsTunnelAreRefusedWhenTheClientIsBuilt() {
    assertTrue(ProxyAuthentication.basicRefusedFor("https").isPresent(),
        "this test runs on the JDK's default, which keeps Basic out of HTTPS tunnels; the build set "
            + ProxyAuthentication.TUNNELLING + "=" + System.getProperty(ProxyAuthentication.TUNNELLING));

    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> client(DataCenter.US.accountsUrl(), PROXY_USER, PROXY_PASSWORD));

    assertTrue(error.getMessage().contains("-D" + ProxyAuthentication.TUNNELLING + "="), error.getMessage());
    assertTrue(error.getMessage().contains("proxyUser"), error.getMessage());
    assertFalse(error.getMessage().contains(PROXY_PASSWORD), error.getMessage());
  }

  /** Where the JVM allows it, the credentials reach the proxy with the CONNECT that opens the HTTPS tunnel. */
  @Test
  void aJvmThatAllowsBasicTunnellingSendsTheCredentialsWithTheConnect() throws Exception {
    try (ChildJvm child = ChildJvm.start(List.of("-D" + ProxyAuthentication.TUNNELLING + "="),
        TunnelChild.class, String.valueOf(proxy.port()), PROXY_USER, PROXY_PASSWORD)) {
      assertEquals(ZohoNetworkException.class.getName(), child.readLine(), "the proxy's 502 is a network error");
      assertEquals(0, child.waitForExit());
    }

    assertEquals(List.of(proxy.expectedCredentials()), proxy.receivedCredentials());
    assertEquals(List.of("CONNECT accounts.zoho.com:443 HTTP/1.1"), proxy.passed());
  }

  /** Refreshes at Zoho's real US server through the proxy, which never opens the tunnel; prints what it got. */
  public static final class TunnelChild {
    public static void main(String[] args) {
      HttpSettings http = HttpSettings.defaults().withProxy("127.0.0.1", Integer.parseInt(args[0]))
          .withProxyCredentials(args[1], args[2].toCharArray()).withMaxRetries(0);
      try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId("1000.ID").clientSecret("secret")
          .dataCenter(DataCenter.US).tokenStore(new InMemoryTokenPersistenceHandler()).http(http).build()) {
        client.generateAccessTokenFromRefreshToken("1000.refresh", USER);
        System.out.println("no error");
      } catch (RuntimeException e) {
        System.out.println(e.getClass().getName());
      }
    }
  }
}
