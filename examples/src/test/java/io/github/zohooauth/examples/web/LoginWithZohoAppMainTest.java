package io.github.zohooauth.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the web example is started: its port from a flag or the environment, and a busy port in one line. */
class LoginWithZohoAppMainTest {

  @Test
  void thePortComesFromTheFlagElseTheEnvironmentElse8080() {
    assertEquals(9123, LoginWithZohoApp.port(new String[] {"--port", "9123"}, "9000"));
    assertEquals(9000, LoginWithZohoApp.port(new String[0], "9000"));
    assertEquals(8080, LoginWithZohoApp.port(new String[0], null));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> LoginWithZohoApp.port(new String[] {"--port", "http"}, null));
    assertTrue(bad.getMessage().contains(LoginWithZohoApp.PORT_VARIABLE), bad.getMessage());
  }

  @Test
  void aBusyPortIsOneClearLine() throws Exception {
    HttpServer taken = LoginWithZohoApp.bind(0);
    try {
      Process app = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), LoginWithZohoApp.class.getName(), "--port",
          String.valueOf(taken.getAddress().getPort())).redirectErrorStream(true).start();
      String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(app.waitFor(30, TimeUnit.SECONDS));

      assertEquals(1, app.exitValue(), output);
      assertEquals(1, output.lines().count(), output);
      assertTrue(output.contains("is taken") && output.contains("--port"), output);
    } finally {
      taken.stop(0);
    }
  }
}
