package io.github.zohooauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The zohoOAuth health indicator follows the store: DOWN while it fails, UP once it answers again. */
class HealthTest {
  static final AtomicBoolean DOWN = new AtomicBoolean();

  /** A store of the application's own that fails on demand, named by persistence_handler_class. */
  public static final class FlakyStore implements TokenPersistenceHandler {
    private final InMemoryTokenPersistenceHandler tokens = new InMemoryTokenPersistenceHandler();

    @Override
    public Optional<ZohoOAuthTokens> load(String userIdentifier) {
      if (DOWN.get()) {
        throw new IllegalStateException("connection refused");
      }
      return tokens.load(userIdentifier);
    }

    @Override
    public void save(ZohoOAuthTokens newTokens) {
      tokens.save(newTokens);
    }

    @Override
    public void delete(String userIdentifier) {
      tokens.delete(userIdentifier);
    }
  }

  @Test
  void healthGoesDownWithTheStoreAndUpAfter() {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZohoOAuthAutoConfiguration.class))
          .withPropertyValues("zoho.oauth.client-id=" + zoho.clientId(), "zoho.oauth.client-secret=s",
              "zoho.oauth.accounts-url=" + zoho.accountsUrl(),
              "zoho.oauth.persistence-handler-class=" + FlakyStore.class.getName())
          .run(context -> {
            HealthIndicator health = context.getBean("zohoOAuthHealthIndicator", HealthIndicator.class);
            assertEquals(Status.UP, health.health().getStatus());
            DOWN.set(true);
            assertEquals(Status.DOWN, health.health().getStatus());
            DOWN.set(false);
            assertEquals(Status.UP, health.health().getStatus());
          });
    }
  }
}
