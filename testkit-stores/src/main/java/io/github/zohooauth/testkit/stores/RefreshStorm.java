package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several JVMs, each with several threads, call {@code getAccessToken} at the same moment, on one user or on many.
 * Each child configures itself through {@link ZohoOAuth#initialize(Properties)}, as an application instance would;
 * a store's multi-process test passes its own keys. Shared through core's test-jar.
 */
public final class RefreshStorm {
  private RefreshStorm() {}

  /** What every JVM's threads got: the tokens handed out per user, and the errors. */
  public static final class Result {
    public final Map<String, Set<String>> tokensByUser = new HashMap<>();
    public final List<String> tokens = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    /** The most threads any one JVM had at once. */
    public int peakThreads;
    /** From the moment the JVMs were released to the moment the last one was done. */
    public long wallNanos;
    /** The longest any one call took, from its JVM's release to its answer. */
    public long slowestCallNanos;
    /** The longest call of each JVM, in the order they were started. */
    public final List<Long> slowestByInstance = new ArrayList<>();
  }

  /**
   * Starts {@code processes} child JVMs, lets them all get ready, releases them together, and returns every token
   * their {@code threads} threads got for {@code user}.
   */
  public static List<String> run(int processes, int threads, String user, Map<String, String> config)
      throws Exception {
    Result result = run(processes, threads, List.of(user), config);
    if (!result.errors.isEmpty()) {
      throw new AssertionError("callers failed: " + result.errors);
    }
    return result.tokens;
  }

  /**
   * Like {@link #run(int, int, String, Map)} for many users: in every JVM, thread {@code t} asks for users
   * {@code t, t + threads, ...}, so every JVM asks for every user.
   */
  public static Result run(int processes, int threads, List<String> users, Map<String, String> config)
      throws Exception {
    return runUsers(processes, threads, String.join(",", users), config);
  }

  /**
   * Like {@link #run(int, int, List, Map)} with the users written as {@code prefix{count}suffix}, which stands for
   * {@code prefix0suffix} to {@code prefix<count-1>suffix}: ten thousand names do not fit on a command line.
   */
  public static Result runUsers(int processes, int threads, String users, Map<String, String> config)
      throws Exception {
    String[] args = childArgs(config, String.valueOf(threads), users);
    List<ChildJvm> children = new ArrayList<>();
    Result result = new Result();
    try {
      for (int p = 0; p < processes; p++) {
        children.add(ChildJvm.start(profiling(p), RefreshStorm.class, args));
      }
      for (ChildJvm child : children) {
        expect("READY", child.readLine());
      }
      long started = System.nanoTime();
      children.forEach(child -> child.send("GO"));
      for (ChildJvm child : children) {
        for (String line = child.readLine(); !line.equals("DONE"); line = child.readLine()) {
          String[] parts = line.split(" ", 3);
          if (parts[0].equals("TOKEN")) {
            result.tokens.add(parts[2]);
            result.tokensByUser.computeIfAbsent(parts[1], user -> new HashSet<>()).add(parts[2]);
          } else if (parts[0].equals("PEAK")) {
            result.peakThreads = Math.max(result.peakThreads, Integer.parseInt(parts[1]));
          } else if (parts[0].equals("SLOWEST")) {
            result.slowestCallNanos = Math.max(result.slowestCallNanos, Long.parseLong(parts[1]));
            result.slowestByInstance.add(Long.parseLong(parts[1]));
          } else {
            result.errors.add(line);
          }
        }
        if (child.waitForExit() != 0) {
          throw new AssertionError("a child JVM failed");
        }
      }
      result.wallNanos = System.nanoTime() - started;
    } finally {
      children.forEach(ChildJvm::close);
    }
    return result;
  }

  /**
   * With the system property {@code storm.jfr} naming a folder, each child records a JFR profile there
   * ({@code child-N-<time>.jfr}), to find where a storm's time goes: {@code jfr view hot-methods FILE}.
   */
  private static List<String> profiling(int child) {
    String folder = System.getProperty("storm.jfr");
    if (folder == null || folder.isBlank()) {
      return List.of();
    }
    // its start-up line would go to stdout, which speaks the parent's protocol
    return List.of("-Xlog:jfr+startup=error", "-XX:StartFlightRecording=settings=profile,filename="
        + java.nio.file.Paths.get(folder, "child-" + child + "-" + System.nanoTime() + ".jfr"));
  }

  /**
   * A configuration key the children take for themselves: users, comma-separated, whose expired tokens each child
   * asks for before it reports ready (some it refreshes, some it waits for), so that a measure sees warm instances,
   * as in production.
   */
  public static final String WARM_UP_USER = "storm.warm_up_user";

  /** The child: {@code <threads> <user,user,...> key=value...}. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    List<String> users = users(args[1]);
    Properties config = config(args, 2);
    String warmUp = (String) config.remove(WARM_UP_USER);
    try (ZohoOAuthClient client = ZohoOAuth.initialize(config)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      // refreshes of the warm-up's users, as many at once as the storm's callers: the code paths are warm (compiled),
      // as in an instance that has served for a while
      List<Future<String>> warming = new ArrayList<>();
      for (String user : warmUp == null ? new String[0] : warmUp.split(",")) {
        warming.add(pool.submit(() -> client.getAccessToken(user)));
      }
      for (Future<String> each : warming) {
        each.get();
      }
      if (warmUp != null) {
        Thread.sleep(1_000); // and what fills in the background (connection pools) has filled, as in production
      }
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long released = System.nanoTime();
      java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        results.add(pool.submit(() -> {
          List<String> lines = new ArrayList<>();
          for (int i = first; i < Math.max(users.size(), threads); i += threads) {
            String user = users.get(i % users.size());
            try {
              lines.add("TOKEN " + user + " " + client.getAccessToken(user));
              slowest.accumulateAndGet(System.nanoTime() - released, Math::max);
            } catch (RuntimeException e) {
              lines.add("ERROR " + user + " " + e);
            }
          }
          return lines;
        }));
      }
      List<String> lines = new ArrayList<>();
      for (Future<List<String>> result : results) {
        lines.addAll(result.get());
      }
      Collections.sort(lines);
      lines.forEach(System.out::println);
      System.out.println("PEAK " + ManagementFactory.getThreadMXBean().getPeakThreadCount());
      System.out.println("SLOWEST " + slowest.get());
      System.out.println("DONE");
      System.out.flush();
      pool.shutdown();
    }
  }

  /** A child's configuration: its arguments from {@code first} on, each {@code key=value}. */
  static Properties config(String[] args, int first) {
    Properties config = new Properties();
    for (int i = first; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      config.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return config;
  }

  /** A child's arguments: {@code head}, then the configuration as {@code key=value}. */
  static String[] childArgs(Map<String, String> config, String... head) {
    List<String> args = new ArrayList<>(List.of(head));
    config.forEach((key, value) -> args.add(key + "=" + value));
    return args.toArray(new String[0]);
  }

  private static List<String> users(String spec) {
    Matcher range = Pattern.compile("(.*)\\{(\\d+)}(.*)").matcher(spec);
    if (!range.matches()) {
      return List.of(spec.split(","));
    }
    List<String> users = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(range.group(2)); i++) {
      users.add(range.group(1) + i + range.group(3));
    }
    return users;
  }

  private static void expect(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new AssertionError("child said '" + actual + "', expected '" + expected + "'");
    }
  }
}
