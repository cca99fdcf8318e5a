package io.github.zohooauth.examples.spring;

import io.github.zohooauth.AuthorizationRequest;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.ZohoOAuthException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login with Zoho: a random {@code state} bound to the session, the code exchanged at the user's data centre, and
 * the user's identifier (their email) kept in the session. The tokens themselves stay in the token store.
 */
@RestController
public class LoginController {
  /** The session attribute holding the signed-in user's identifier. */
  static final String USER = "zoho.user";
  private static final String STATE = "zoho.state";
  private static final String STATE_ISSUED = "zoho.state.issued";
  /** How long a sign-in may take between /login and the callback. */
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ZohoOAuthClient zoho;

  public LoginController(ZohoOAuthClient zoho) {
    this.zoho = zoho;
  }

  @GetMapping("/login")
  public ResponseEntity<Void> login(HttpSession session) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(STATE, state);
    session.setAttribute(STATE_ISSUED, System.currentTimeMillis());
    URI consent = zoho.authorizationUrl(AuthorizationRequest.withConfiguredScopes().state(state));
    return ResponseEntity.status(HttpStatus.FOUND).location(consent).build();
  }

  @GetMapping("/oauth/callback")
  public ResponseEntity<Map<String, String>> callback(HttpServletRequest request, HttpSession session,
      @RequestParam(name = "state", defaultValue = "") String state,
      @RequestParam(name = "code", required = false) String code,
      @RequestParam(name = "error", required = false) String error,
      @RequestParam(name = "accounts-server", required = false) String accountsServer) {
    Object expected = session.getAttribute(STATE);
    Object issued = session.getAttribute(STATE_ISSUED);
    session.removeAttribute(STATE); // single use
    session.removeAttribute(STATE_ISSUED);
    boolean fresh = issued instanceof Long
        && System.currentTimeMillis() - (Long) issued < STATE_LIFETIME.toMillis();
    if (expected == null || !expected.equals(state) || !fresh) {
      return ResponseEntity.badRequest().body(Map.of("error", "This callback's state was not issued to this "
          + "session, was used already, or expired. Start again at /login."));
    }
    if (error != null || code == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "Zoho did not sign you in (" + (error == null
          ? "no code" : error) + "). Start again at /login."));
    }
    ZohoOAuthTokens tokens;
    try {
      tokens = zoho.generateAccessTokenAt(accountsServer != null ? accountsServer : zoho.accountsUrl(), code);
    } catch (ZohoOAuthException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }
    // A new session id at sign-in: an id anyone saw before (planted in this browser, say) never becomes signed in.
    request.changeSessionId();
    session.setAttribute(USER, tokens.userIdentifier());
    return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/crm-users")).build();
  }

  /** Ends the session, and says so. */
  @PostMapping(path = "/logout", produces = org.springframework.http.MediaType.TEXT_HTML_VALUE)
  public String logout(HttpSession session) {
    session.invalidate();
    return HomeController.page("You are signed out.", "<p><a href='/login'>Sign in again</a></p>");
  }
}
