package io.github.zohooauth.examples.spring;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The start page: what to do next, signed in or not. */
@RestController
public class HomeController {

  @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
  public String home(HttpSession session) {
    Object user = session.getAttribute(LoginController.USER);
    if (user == null) {
      return page("You are not signed in.", "<p><a href='/login'>Sign in with Zoho</a></p>");
    }
    return page("Signed in as " + HtmlUtils.htmlEscape((String) user) + ".",
        "<p><a href='/crm-users'>Your CRM users</a> (Zoho's JSON)</p>"
            + "<form method='post' action='/logout'><button type='submit'>Sign out</button></form>");
  }

  static String page(String headline, String body) {
    return "<!doctype html><html><head><meta charset='utf-8'><title>Zoho OAuth example</title></head><body><h1>"
        + headline + "</h1>" + body + "</body></html>";
  }
}
