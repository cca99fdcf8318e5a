package io.github.zohooauth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The README's "Quickstart against the fake", as written there: it must compile and run. */
class ReadmeQuickstartTest {

  @Test
  void theQuickstartRunsAsTheReadmeShowsIt() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // --- as in the README
      try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start();
          ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
              .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl())
              .tokenStore(new InMemoryTokenPersistenceHandler()).build()) {
        ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode("jane@example.com"));
        System.out.println(client.getAccessToken(tokens.userIdentifier()));   // jane@example.com's token
      }
      // ---
    } finally {
      System.setOut(stdout);
    }
    assertTrue(printed.toString(StandardCharsets.UTF_8).trim().startsWith("1000."), printed.toString());
    String readme = new String(Files.readAllBytes(Paths.get("..", "README.md")), StandardCharsets.UTF_8);
    assertTrue(readme.contains("ZohoOAuthTokens tokens = client.generateAccessToken(zoho.issueGrantCode("
        + "\"jane@example.com\"));"), "the README still shows this code");
    assertEquals(1, readme.split("## Quickstart against the fake", -1).length - 1);
  }
}
