package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several JVMs share a store, each has cached the same access token, then Zoho kills it: every thread of every JVM
 * calls the API through {@link ZohoOAuthClient#apiClient()}, is refused, and must recover. Each child configures
 * itself through {@link ZohoOAuth#initialize(Properties)}; a store's multi-process test passes its own keys.
 * Shared through core's test-jar.
 */
public final class RefusedTokenFleet {
  private RefusedTokenFleet() {}

  /** What the JVMs saw. */
  public static final class Result {
    /** The access token each JVM had cached before the kill. */
    public final Set<String> cachedBefore = new HashSet<>();
    /** The HTTP status of every call. */
    public final List<Integer> statuses = new ArrayList<>();
    /** The access token each JVM hands out after its calls. */
    public final Set<String> tokensAfter = new HashSet<>();
    public final List<String> errors = new ArrayList<>();
  }

  /**
   * Starts {@code processes} child JVMs, lets each cache the user's token, runs {@code kill} (which should make Zoho
   * refuse that token), then releases them together: each of their {@code threads} threads makes one API call.
   */
  public static Result run(int processes, int threads, String user, Map<String, String> config, Runnable kill)
      throws Exception {
    String[] args = RefreshStorm.childArgs(config, String.valueOf(threads), user);
    List<ChildJvm> children = new ArrayList<>();
    Result result = new Result();
    try {
      for (int p = 0; p < processes; p++) {
        children.add(ChildJvm.start(RefusedTokenFleet.class, args));
      }
      for (ChildJvm child : children) {
        String ready = child.readLine();
        if (!ready.startsWith("READY ")) {
          throw new AssertionError("child said '" + ready + "'");
        }
        result.cachedBefore.add(ready.substring("READY ".length()));
      }
      kill.run();
      children.forEach(child -> child.send("GO"));
      for (ChildJvm child : children) {
        for (String line = child.readLine(); !line.equals("DONE"); line = child.readLine()) {
          String[] parts = line.split(" ", 2);
          if (parts[0].equals("STATUS")) {
            result.statuses.add(Integer.parseInt(parts[1]));
          } else if (parts[0].equals("TOKEN")) {
            result.tokensAfter.add(parts[1]);
          } else {
            result.errors.add(line);
          }
        }
        if (child.waitForExit() != 0) {
          throw new AssertionError("a child JVM failed");
        }
      }
    } finally {
      children.forEach(ChildJvm::close);
    }
    return result;
  }

  /** The child: {@code <threads> <user> key=value...}. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    String user = args[1];
    try (ZohoOAuthClient client = ZohoOAuth.initialize(RefreshStorm.config(args, 2))) {
      ZohoApiClient api = client.apiClient();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      System.out.println("READY " + client.getAccessToken(user));
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      List<Future<String>> calls = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        calls.add(pool.submit(() -> {
          try {
            HttpResponse<String> answer = api.send(user, HttpRequest.newBuilder(api.uri(user, "/crm/v2/Leads")),
                HttpResponse.BodyHandlers.ofString());
            return "STATUS " + answer.statusCode();
          } catch (RuntimeException e) {
            return "ERROR " + e;
          }
        }));
      }
      for (Future<String> call : calls) {
        System.out.println(call.get());
      }
      System.out.println("TOKEN " + client.getAccessToken(user));
      System.out.println("DONE");
      System.out.flush();
      pool.shutdown();
    }
  }
}
