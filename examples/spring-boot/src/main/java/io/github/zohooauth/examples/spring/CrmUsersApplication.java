package io.github.zohooauth.examples.spring;

import org.apache.catalina.session.StandardManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that signs users in with Zoho and lists the signed-in user's CRM users. Its whole Zoho
 * configuration is {@code zoho.oauth.*} in {@code application.properties}; the starter makes the client.
 *
 * <ul>
 *   <li>{@code /login}: to Zoho's consent screen ({@link LoginController}).</li>
 *   <li>{@code /oauth/callback}: back from Zoho; the tokens are stored and the session signed in.</li>
 *   <li>{@code /crm-users}: the signed-in user's CRM users, as Zoho's JSON ({@link CrmUsersController}).</li>
 * </ul>
 *
 * <p>Against the testkit's fake instead of Zoho: run the fake ({@code java -jar zoho-oauth-testkit.jar}) and this
 * application with the {@code fake} profile.
 */
@SpringBootApplication
public class CrmUsersApplication {
  /** At most this many HTTP sessions (signed in, or a sign-in pending) are kept; past it, new ones are refused. */
  static final int MAX_SESSIONS = 10_000;

  /** Bounds the sessions in number (their age is server.servlet.session.timeout); no session outlives a restart. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> boundedSessions() {
    return factory -> factory.addContextCustomizers(context -> {
      StandardManager manager = new StandardManager();
      manager.setMaxActiveSessions(MAX_SESSIONS);
      manager.setPathname(null);
      context.setManager(manager);
    });
  }

  public static void main(String[] args) {
    SpringApplication.run(CrmUsersApplication.class, args);
  }
}
