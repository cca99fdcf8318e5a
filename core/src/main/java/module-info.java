/**
 * Zoho OAuth 2.0 tokens for Java: obtains, stores and refreshes them, one refresh per user across threads and
 * instances. The API is {@link io.github.zohooauth.ZohoOAuth} and {@link io.github.zohooauth.ZohoOAuthClient};
 * token stores plug in through {@link io.github.zohooauth.spi.TokenPersistenceProvider}.
 */
module io.github.zohooauth.core {
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;

  exports io.github.zohooauth;
  exports io.github.zohooauth.config;
  exports io.github.zohooauth.event;
  exports io.github.zohooauth.exception;
  exports io.github.zohooauth.spi;

  uses io.github.zohooauth.spi.TokenPersistenceProvider;
  uses io.github.zohooauth.event.TokenEventListener;
}
