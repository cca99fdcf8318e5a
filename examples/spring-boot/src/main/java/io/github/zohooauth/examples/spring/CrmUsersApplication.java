package io.github.zohooauth.examples.spring;

import org.springframework.boot.SpringApplication;
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
  public static void main(String[] args) {
    SpringApplication.run(CrmUsersApplication.class, args);
  }
}
