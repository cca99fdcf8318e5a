package io.github.zohooauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension gives each test its own configured server and stops it afterwards. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeZohoAccountsServerExtensionTest {
  @RegisterExtension
  static final FakeZohoAccountsServerExtension ZOHO = FakeZohoAccountsServerExtension.configuredWith(
      builder -> builder.apiDomain("https://www.zohoapis.eu"));

  private static int firstPort;

  @Test
  @Order(1)
  void injectsAConfiguredServer(FakeZohoAccountsServer zoho) {
    assertEquals("https://www.zohoapis.eu", zoho.apiDomain());
    firstPort = zoho.port();
  }

  @Test
  @Order(2)
  void stopsItAfterTheTestAndStartsAFreshOne(FakeZohoAccountsServer zoho) {
    assertNotEquals(firstPort, zoho.port());
    assertEquals(false, accepts(firstPort), "the first test's server must be stopped");
    assertEquals(0, zoho.requestCount(Endpoint.TOKEN));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
