package io.github.zohooauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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

  @Test
  void aTokenGoesToTheUsersOriginZohosHostsOfTheUsersDataCentreOverHttpsAndAllowedHosts() {
    ApiDomains allowing = ApiDomains.of("https://accounts.zoho.eu", List.of("gateway.example.com"));
    String eu = "https://www.zohoapis.eu";
    for (String target : List.of("https://www.zohoapis.eu/crm/v2/Leads", "https://content.zohoapis.eu/x",
        "https://desk.zoho.eu/api/v1/tickets", "https://zoho.eu/x", "https://gateway.example.com/crm")) {
      assertTrue(allowing.carriesTokenTo(URI.create(target), eu), target);
    }
    for (String target : List.of("http://www.zohoapis.eu/crm", "https://www.zohoapis.com/crm",
        "https://desk.zoho.com/api", "https://www.zohoapis.eu.evil.example/crm", "https://evilzoho.eu/x",
        "https://user@www.zohoapis.eu/crm", "http://gateway.example.com/crm", "https://127.0.0.1/crm")) {
      assertFalse(allowing.carriesTokenTo(URI.create(target), eu), target);
    }
    String canada = "https://www.zohoapis.ca";
    assertTrue(zohoOnly.carriesTokenTo(URI.create("https://desk.zohocloud.ca/api"), canada));
    assertFalse(zohoOnly.carriesTokenTo(URI.create("https://desk.zoho.ca/api"), canada));
  }

  @Test
  void onLoopbackOnlyTheUsersOwnOriginGetsTheToken() {
    ApiDomains testkit = ApiDomains.of("http://127.0.0.1:8080", List.of());
    assertTrue(testkit.carriesTokenTo(URI.create("http://127.0.0.1:9090/crm/v2/Leads"), "http://127.0.0.1:9090"));
    assertFalse(testkit.carriesTokenTo(URI.create("http://127.0.0.1:9091/crm/v2/Leads"), "http://127.0.0.1:9090"));
    assertFalse(testkit.carriesTokenTo(URI.create("https://127.0.0.1:9090/crm"), "http://127.0.0.1:9090"));
    assertFalse(testkit.carriesTokenTo(URI.create("http://localhost:9090/crm"), "http://127.0.0.1:9090"));
  }
}
