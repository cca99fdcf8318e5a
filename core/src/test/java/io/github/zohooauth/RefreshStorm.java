package io.github.zohooauth;

import io.github.zohooauth.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several JVMs, each with several threads, call {@code getAccessToken} on one user at the same moment. Each child
 * configures itself through {@link ZohoOAuth#initialize(Properties)}, as an application instance would; a store's
 * multi-process test passes its own keys. Shared through core's test-jar.
 */
public final class RefreshStorm {
  private RefreshStorm() {}

  /**
   * Starts {@code processes} child JVMs, lets them all get ready, releases them together, and returns every token
   * their {@code threads} threads got.
   */
  public static List<String> run(int processes, int threads, String user, Map<String, String> config)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(user, String.valueOf(threads)));
    config.forEach((key, value) -> args.add(key + "=" + value));
    List<ChildJvm> children = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        children.add(ChildJvm.start(RefreshStorm.class, args.toArray(new String[0])));
      }
      for (ChildJvm child : children) {
        expect("READY", child.readLine());
      }
      children.forEach(child -> child.send("GO"));
      for (ChildJvm child : children) {
        for (int t = 0; t < threads; t++) {
          String line = child.readLine();
          expect("TOKEN ", line.substring(0, Math.min(6, line.length())));
          tokens.add(line.substring(6));
        }
        if (child.waitForExit() != 0) {
          throw new AssertionError("a child JVM failed");
        }
      }
    } finally {
      children.forEach(ChildJvm::close);
    }
    return tokens;
  }

  /** The child: {@code <user> <threads> key=value...}. */
  public static void main(String[] args) throws Exception {
    Properties config = new Properties();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      config.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    int threads = Integer.parseInt(args[1]);
    try (ZohoOAuthClient client = ZohoOAuth.initialize(config)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> client.getAccessToken(args[0])));
      }
      for (Future<String> result : results) {
        System.out.println("TOKEN " + result.get());
      }
      System.out.flush();
      pool.shutdown();
    }
  }

  private static void expect(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new AssertionError("child said '" + actual + "', expected '" + expected + "'");
    }
  }
}
