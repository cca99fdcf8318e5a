package io.github.zohooauth.examples.spring;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * This application depends on the starter alone, not on zoho-oauth-micrometer; with Micrometer and a registry, the
 * client's meters are bound all the same, as Spring Boot's own starters bind theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"logging.level.root=WARN", "spring.main.banner-mode=off"})
class MetersWithTheStarterAloneTest {
  private static final FakeZohoAccountsServer ZOHO = FakeZohoAccountsServer.start();

  @Autowired
  MeterRegistry registry;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry properties) {
    properties.add("zoho.oauth.client-id", ZOHO::clientId);
    properties.add("zoho.oauth.client-secret", ZOHO::clientSecret);
    properties.add("zoho.oauth.accounts-url", ZOHO::accountsUrl);
    properties.add("zoho.oauth.persistence", () -> "memory");
  }

  @AfterAll
  static void stop() {
    ZOHO.close();
  }

  @TestConfiguration
  static class WithARegistry {
    @Bean
    MeterRegistry registry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void theClientsMetersAreInTheApplicationsRegistry() throws Exception {
    Class.forName("io.github.zohooauth.micrometer.ZohoOAuthMetrics"); // came with the starter
    assertNotNull(registry.find("zoho.oauth.cache.size").gauge(), "meters: " + registry.getMeters().stream()
        .map(meter -> meter.getId().getName()).toList());
  }
}
