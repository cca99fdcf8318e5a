package io.github.zohooauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The one benchmark command: runs every measure (or those whose name matches the argument), each against its
 * baseline in this same run, and writes the performance tables of docs/performance.md to {@code benchmarks/results.md}.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws Exception {
    String only = args.length > 0 ? args[0] : ".*";
    Predicate<String> selected = name -> name.matches(only) || only.equals(".*");
    String jdbcUrl = System.getProperty("bench.jdbc.url");
    Report report = new Report();
    if (selected.test("HotPathBenchmark")) {
      hotPath(report, new Runner(new OptionsBuilder().include("HotPathBenchmark").build()).run());
    }
    if (selected.test("HotPathListenerBenchmark")) {
      hotPathListener(report, new Runner(new OptionsBuilder().include("HotPathListenerBenchmark").build()).run());
    }
    if (selected.test("HotPathEncryptionBenchmark")) {
      hotPathEncryption(report, new Runner(new OptionsBuilder().include("HotPathEncryptionBenchmark").build()).run());
    }
    if (selected.test("RefreshStorm")) {
      RefreshStormMeasure.run(report);
    }
    if (selected.test("Concurrency")) {
      FleetMeasure.concurrency(report);
    }
    if (selected.test("Fleet")) {
      FleetMeasure.run(report, jdbcUrl);
    }
    if (selected.test("FleetStores")) {
      FleetMeasure.stores(report, jdbcUrl, System.getProperty("bench.postgres.url",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
          System.getProperty("bench.redis.url", "redis://127.0.0.1:6379/0"));
    }
    if (selected.test("CrossProcess")) {
      CrossProcessMeasure.run(report, jdbcUrl);
    }
    if (selected.test("WaiterLatency")) {
      WaiterLatencyMeasure.run(report, System.getProperty("bench.postgres.url",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"), jdbcUrl,
          System.getProperty("bench.redis.url", "redis://127.0.0.1:6379/0"));
    }
    if (selected.test("PastTheCache")) {
      PastTheCacheMeasure.run(report, jdbcUrl, System.getProperty("bench.postgres.url",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
          System.getProperty("bench.redis.url", "redis://127.0.0.1:6379/0"));
    }
    if (selected.test("VirtualThreads")) {
      VirtualThreadsMeasure.run(report);
    }
    if (selected.test("StaleWindow")) {
      StaleWindowMeasure.run(report);
    }
    if (selected.test("FileStoreBenchmark")) {
      fileStore(report, new Runner(new OptionsBuilder().include("FileStoreBenchmark").build()).run());
    }
    if (selected.test("CacheHeap")) {
      CacheHeapMeasure.run(report);
    }
    if (selected.test("JdbcScale")) {
      JdbcScaleMeasure.run(report, jdbcUrl);
    }
    String results = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
        + String.format("%.0f", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 1024.0) + " GiB max heap, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + database(jdbcUrl)
        + ". JMH rows: average time, 99.9% error.\n" + report;
    Path file = Paths.get("results.md");
    Files.writeString(file, results, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(results);
    System.out.println("Written to " + file.toAbsolutePath());
  }

  private static void hotPath(Report report, Collection<RunResult> results) {
    report.section("Hot path.", "`getAccessToken(user)` on a valid token against reading the store on every call "
        + "(what Zoho's SDKs do; the baseline here uses a connection pool, which they do not). Goals: at least "
        + "100x a file read and 1,000x a JDBC or Redis read.");
    report.table("store", "threads", "getAccessToken (ns)", "store read per call (ns)", "getAccessToken is faster by");
    Map<String, double[]> rows = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String threads = method.endsWith("4Threads") ? "4" : "1";
      double[] row = rows.computeIfAbsent(result.getParams().getParam("store") + "|" + threads, k -> new double[4]);
      int column = method.startsWith("getAccessToken") ? 0 : 1;
      row[column] = result.getPrimaryResult().getScore();
      row[column + 2] = result.getPrimaryResult().getScoreError();
    }
    rows.forEach((key, s) -> report.row(key.split("\\|")[0], key.split("\\|")[1],
        String.format("%.1f ± %.1f", s[0], s[2]), String.format("%,.0f ± %,.0f", s[1], s[3]),
        Report.ratio(s[1] / s[0])));
  }

  private static void hotPathListener(Report report, Collection<RunResult> results) {
    report.section("Hot path with meters.", "`getAccessToken(user)` on a valid token (memory store) with no event "
        + "listener, and with the Micrometer meters registered. Events never run on the hot path. Goal: within 10%.");
    report.table("listener", "getAccessToken (ns)", "vs no listener");
    Map<String, double[]> rows = new TreeMap<>();
    for (RunResult result : results) {
      rows.put(result.getParams().getParam("listener"), new double[] {result.getPrimaryResult().getScore(),
          result.getPrimaryResult().getScoreError()});
    }
    double base = rows.get("none")[0];
    rows.forEach((listener, s) -> report.row(listener, String.format("%.1f ± %.1f", s[0], s[1]),
        Report.ratio(s[0] / base)));
  }

  private static void hotPathEncryption(Report report, Collection<RunResult> results) {
    report.section("Hot path with encryption at rest.", "The file store with `token_encryption_key` off and on. "
        + "`getAccessToken(user)` on a valid token is served from the cache, which holds tokens plain: no "
        + "decryption. A cache miss reads the file and opens two AES-256-GCM values (`store load`). Goal: the hot "
        + "path within 10%.");
    report.table("encryption", "getAccessToken (ns)", "vs off", "store load (µs)", "vs off");
    Map<String, double[]> rows = new TreeMap<>();
    for (RunResult result : results) {
      int column = result.getParams().getBenchmark().endsWith(".getAccessToken") ? 0 : 1;
      double[] row = rows.computeIfAbsent(result.getParams().getParam("encryption"), e -> new double[4]);
      row[column] = result.getPrimaryResult().getScore();
      row[column + 2] = result.getPrimaryResult().getScoreError();
    }
    double[] base = rows.get("off");
    rows.forEach((encryption, s) -> report.row(encryption, String.format("%.1f ± %.1f", s[0], s[2]),
        Report.ratio(s[0] / base[0]), String.format("%.1f ± %.1f", s[1] / 1000, s[3] / 1000),
        Report.ratio(s[1] / base[1])));
  }

  private static void fileStore(Report report, Collection<RunResult> results) {
    report.section("File store at scale.", "Save and load with 10, 1,000 and 10,000 users stored. Each save is "
        + "durable: temp file, fsync, atomic rename, folder fsync. Goal: a save at 10,000 users costs at most 2x a "
        + "save at 10.");
    report.table("stored users", "save (µs)", "save vs 10 users", "load (µs)", "load vs 10 users");
    Map<Integer, double[]> rows = new TreeMap<>();
    for (RunResult result : results) {
      int users = Integer.parseInt(result.getParams().getParam("storedUsers"));
      int column = result.getParams().getBenchmark().endsWith(".save") ? 0 : 1;
      double[] row = rows.computeIfAbsent(users, u -> new double[4]);
      row[column] = result.getPrimaryResult().getScore();
      row[column + 2] = result.getPrimaryResult().getScoreError();
    }
    double[] base = rows.values().iterator().next();
    rows.forEach((users, s) -> report.row(String.format("%,d", users), String.format("%,.0f ± %,.0f", s[0], s[2]),
        Report.ratio(s[0] / base[0]), String.format("%.1f ± %.1f", s[1], s[3]), Report.ratio(s[1] / base[1])));
  }

  private static String database(String jdbcUrl) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        ResultSet version = connection.createStatement().executeQuery("SELECT VERSION()")) {
      version.next();
      return "MariaDB/MySQL " + version.getString(1) + " on the same host over TCP loopback";
    } catch (Exception e) {
      return "no database reachable at " + jdbcUrl;
    }
  }
}
