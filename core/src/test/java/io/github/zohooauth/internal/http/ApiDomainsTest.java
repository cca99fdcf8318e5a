package io.github.zohooauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDomainsTest {
  private final ApiDomains zohoOnly = ApiDomains.of("https://accounts.zoho.com", List.of());

  @Test
  void everyDataCentresApiHostIsAccepted() {
    for (String domain : List.of("https://www.zohoapis.com", "https://www.zohoapis.eu", "https://www.zohoapis.in",
        "https://www.zohoapis.com.au", "https://www.zohoapis.com.cn", "https://www.zohoapis.jp",
        "https://www.zohoapis.ca", "https://www.zohoapis.sa", "https://www.zohoapis.uk", "https://zohoapis.com",
        "https://content.zohoapis.com", "https://www.zohocloud.ca", "https://www.zohoapis.com/")) {
      assertTrue(zohoOnly.accepts(domain), domain);
    }
  }

  @Test
  void lookalikesOtherSchemesAndAnythingButAnOriginAreRefused() {
    for (String domain : List.of("https://evil.example", "https://www.zohoapis.com.evil.example",
        "https://zohoapis.com@evil.example", "https://evilzohoapis.com", "http://www.zohoapis.com",
        "https://www.zohoapis.com/path", "https://www.zohoapis.com?x=1", "https://www.zohoapis.org",
        "https://localhost:8443", "not a url", "")) {
      assertFalse(zohoOnly.accepts(domain), domain);
    }
  }

  @Test
  void hostsTheApplicationAllowsAndLoopbackForALoopbackAccountsServerAreAccepted() {
    ApiDomains allowing = ApiDomains.of("https://accounts.zoho.com", List.of("Gateway.Example.com"));
    assertTrue(allowing.accepts("https://gateway.example.com"));
    assertFalse(allowing.accepts("http://gateway.example.com"));

    ApiDomains testkit = ApiDomains.of("http://127.0.0.1:8080", List.of());
    assertTrue(testkit.accepts("http://127.0.0.1:9090"));
    assertTrue(testkit.accepts("http://localhost:9090"));
    assertFalse(testkit.accepts("https://evil.example"));
  }
}
