package io.github.zohooauth.benchmarks;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks matching the argument (a regex, default all) and prints the README's tables: each result with
 * its ratio to the baseline measured in the same run.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : ".*";
    Collection<RunResult> results = new Runner(new OptionsBuilder().include(include).build()).run();
    System.out.println();
    System.out.println("Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
        + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ".");
    printFileStoreTable(results);
    printHotPathTable(results);
  }

  private static void printHotPathTable(Collection<RunResult> results) {
    Map<String, double[]> byStore = new TreeMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      if (!label.contains("HotPathBenchmark")) {
        continue;
      }
      double[] row = byStore.computeIfAbsent(result.getParams().getParam("store"), s -> new double[4]);
      int column = label.endsWith(".getAccessToken") ? 0 : 1;
      row[column] = result.getPrimaryResult().getScore();
      row[column + 2] = result.getPrimaryResult().getScoreError();
    }
    if (byStore.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("| store | getAccessToken (ns, ± 99.9% error) | store read per call (ns, ± 99.9% error) "
        + "| getAccessToken is faster by |");
    System.out.println("|---|---:|---:|---:|");
    byStore.forEach((store, s) -> System.out.printf("| %s | %.1f ± %.1f | %.0f ± %.0f | %s |%n", store, s[0], s[2],
        s[1], s[3], ratio(s[1] / s[0])));
  }

  private static String ratio(double ratio) {
    return ratio >= 10 ? String.format("%,.0fx", ratio) : String.format("%.2fx", ratio);
  }

  private static void printFileStoreTable(Collection<RunResult> results) {
    Map<Integer, double[]> byUsers = new TreeMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      if (!label.contains("FileStoreBenchmark")) {
        continue;
      }
      int users = Integer.parseInt(result.getParams().getParam("storedUsers"));
      int column = label.endsWith(".save") ? 0 : 1;
      double[] row = byUsers.computeIfAbsent(users, u -> new double[4]);
      row[column] = result.getPrimaryResult().getScore();
      row[column + 2] = result.getPrimaryResult().getScoreError();
    }
    if (byUsers.isEmpty()) {
      return;
    }
    double[] baseline = byUsers.values().iterator().next();
    System.out.println();
    System.out.println("| stored users | save (µs, ± 99.9% error) | save vs fewest users | load (µs, ± 99.9% error) "
        + "| load vs fewest users |");
    System.out.println("|---:|---:|---:|---:|---:|");
    byUsers.forEach((users, s) -> System.out.printf("| %,d | %.0f ± %.0f | %.2fx | %.1f ± %.1f | %.2fx |%n", users,
        s[0], s[2], s[0] / baseline[0], s[1], s[3], s[1] / baseline[1]));
  }
}
