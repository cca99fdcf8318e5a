package io.github.zohooauth.spring.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample application on a real HTTP port, against the fake Zoho, including a token Zoho killed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmUsersApplicationTest {
  private static final FakeZohoAccountsServer ZOHO = FakeZohoAccountsServer.start();
  private static final String USER = "jane@example.com";

  @LocalServerPort
  int port;
  @Autowired
  ZohoOAuthClient zoho;

  @DynamicPropertySource
  static void zohoOAuth(DynamicPropertyRegistry properties) {
    properties.add("zoho.oauth.client-id", ZOHO::clientId);
    properties.add("zoho.oauth.client-secret", ZOHO::clientSecret);
    properties.add("zoho.oauth.redirect-uri", ZOHO::redirectUri);
    properties.add("zoho.oauth.accounts-url", ZOHO::accountsUrl);
    properties.add("zoho.oauth.persistence", () -> "memory");
  }

  @AfterAll
  static void stop() {
    ZOHO.close();
  }

  @Test
  void listsTheUsersCrmUsersEvenAfterZohoKilledTheToken() throws Exception {
    zoho.generateAccessToken(ZOHO.issueGrantCode(USER), USER);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crm-users?user=" + USER))
        .build();

    HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
    ZOHO.invalidateAccessTokens(USER);
    HttpResponse<String> second = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(200, first.statusCode());
    assertTrue(first.body().contains(USER), first.body());
    assertEquals(200, second.statusCode(), second.body());
    assertEquals(1, ZOHO.refreshRequestCount(USER));
  }
}
