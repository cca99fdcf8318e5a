package io.github.zohooauth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's demo runs to the end and shows what it says it shows. */
class DemoTest {
  @Test
  void demoGeneratesTokensAndRefreshesTwiceWithoutTheCallerNoticing() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().accessTokenLifetime(Duration.ofSeconds(6))
        .start()) {
      new Demo(new PrintStream(printed, true, StandardCharsets.UTF_8), zoho).run();

      String output = printed.toString(StandardCharsets.UTF_8);
      assertEquals(2, zoho.refreshRequestCount("jane@example.com"), output);
      assertEquals(1, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_AUTHORIZATION_CODE));
      assertEquals(1, zoho.requestCount(Endpoint.USER_INFO));
      assertTrue(output.contains("0 requests to Zoho"), output);
      assertTrue(output.contains("user jane@example.com"), output);
      assertTrue(output.contains("Done."), output);
      assertFalse(output.contains("1000."), "no token may be printed:\n" + output);
    }
  }
}
