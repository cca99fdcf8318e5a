package io.github.zohooauth.examples.spring;

import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuthClient;
import jakarta.servlet.http.HttpSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's CRM users, through the API client: it finds the user's API domain, sends a valid token and
 * recovers by itself when Zoho refuses one early.
 */
@RestController
public class CrmUsersController {
  private final ZohoOAuthClient zoho;

  public CrmUsersController(ZohoOAuthClient zoho) {
    this.zoho = zoho;
  }

  @GetMapping(path = "/crm-users", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> crmUsers(HttpSession session) {
    Object user = session.getAttribute(LoginController.USER);
    if (user == null) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .body("{\"error\":\"Not signed in. Sign in with Zoho at /login.\"}");
    }
    ZohoApiClient api = zoho.apiClient();
    HttpResponse<String> answer = api.send((String) user, HttpRequest.newBuilder(api.uri((String) user,
        "/crm/v2/users?type=AllUsers")), HttpResponse.BodyHandlers.ofString());
    return ResponseEntity.status(answer.statusCode()).body(answer.body());
  }
}
