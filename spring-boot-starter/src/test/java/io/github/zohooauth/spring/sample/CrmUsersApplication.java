package io.github.zohooauth.spring.sample;

import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuthClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A sample Spring Boot application: {@code GET /crm-users?user=...} lists the user's CRM users through the API
 * client of the auto-configured {@link ZohoOAuthClient}. Its whole configuration is {@code zoho.oauth.*}.
 */
@SpringBootApplication
@RestController
public class CrmUsersApplication {
  private final ZohoOAuthClient zoho;

  public CrmUsersApplication(ZohoOAuthClient zoho) {
    this.zoho = zoho;
  }

  public static void main(String[] args) {
    SpringApplication.run(CrmUsersApplication.class, args);
  }

  @GetMapping(path = "/crm-users", produces = MediaType.APPLICATION_JSON_VALUE)
  public String crmUsers(@RequestParam("user") String user) {
    ZohoApiClient api = zoho.apiClient();
    HttpResponse<String> answer = api.send(user, HttpRequest.newBuilder(api.uri(user, "/crm/v2/users")),
        HttpResponse.BodyHandlers.ofString());
    return answer.body();
  }
}
