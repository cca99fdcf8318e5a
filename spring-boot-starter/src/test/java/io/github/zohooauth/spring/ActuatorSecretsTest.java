package io.github.zohooauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With show-values ALWAYS, Actuator's own env and configprops endpoints, given the starter's sanitizing function as
 * Actuator's auto-configuration gives it, show no secret of this library.
 */
class ActuatorSecretsTest {
  private static final String KEY = "q3v9Yl2pQ0xV6mTqRk1bZ8sWc4nH7jLe5uAoIyDfGgM=";
  private static final String OLD_KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycHk=";

  @Test
  void secretsAreMaskedInEnvAndConfigpropsEvenWithShowValuesAlways() throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZohoOAuthAutoConfiguration.class))
          .withPropertyValues("zoho.oauth.client-id=" + zoho.clientId(),
              "zoho.oauth.client-secret=" + zoho.clientSecret(), "zoho.oauth.accounts-url=" + zoho.accountsUrl(),
              "zoho.oauth.persistence=memory", "zoho.oauth.token-encryption-key=" + KEY,
              "zoho.oauth.token-encryption-old-keys=" + OLD_KEY, "zoho.oauth.proxy-password=proxy-hunter2",
              "zoho.oauth.mysql-password=mysql-hunter2", "zoho.oauth.jdbc-password=jdbc-hunter2",
              "zoho.oauth.redis-url=redis://app:redis-hunter2@cache.example:6379/0",
              "zoho.oauth.jdbc-url=jdbc:mysql://db.example/app?user=app&password=url-hunter2")
          .run(context -> {
            List<SanitizingFunction> masking = List.copyOf(context.getBeansOfType(SanitizingFunction.class).values());
            assertEquals(1, masking.size(), "the starter registers its sanitizing function");
            EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), masking, Show.ALWAYS);
            ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(masking,
                Show.ALWAYS);
            configprops.setApplicationContext(context);
            ObjectMapper json = new ObjectMapper();
            String shown = json.writeValueAsString(env.environment(null))
                + json.writeValueAsString(configprops.configurationProperties());

            for (String secret : List.of(zoho.clientSecret(), KEY, OLD_KEY, "proxy-hunter2", "mysql-hunter2",
                "jdbc-hunter2", "redis-hunter2", "url-hunter2")) {
              assertFalse(shown.contains(secret), "shown: " + secret);
            }
            assertTrue(shown.contains("redis://app:******@cache.example:6379/0"), "the URL's rest stays readable");
            assertTrue(shown.contains(zoho.clientId()), "what is not secret is still shown");
          });
    }
  }
}
