package io.github.zohooauth.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Another JVM on this test's class path, spoken to line by line over its standard input and output: for tests
 * whose claim is about several processes (several instances of an application sharing one token store).
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(MyChildMain.class, "arg")) {
 *   assertEquals("READY", child.readLine());
 *   child.send("GO");
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
  }

  /** Starts {@code main} with {@code args} in a new JVM; its standard error goes to this process's. */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    return start(List.of(), main, args);
  }

  /** Starts {@code main} with {@code args} in a new JVM given {@code jvmOptions}, such as {@code -Dname=value}. */
  public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1"); // short-lived children: start fast
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging); // the child logs as its parent does
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The next line the child printed; fails if it ended instead. */
  public String readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new AssertionError("the child JVM ended early (exit " + waitForExit() + ")");
    }
    return line;
  }

  /** The next line the child printed, or null when it ended. */
  public String readLineOrNull() throws IOException {
    return out.readLine();
  }

  /** Sends a line to the child's standard input. */
  public void send(String line) {
    in.println(line);
  }

  /** Kills the child with no chance to clean up (SIGKILL on POSIX systems). */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** Waits for the child to end and returns its exit code. */
  public int waitForExit() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    kill();
  }
}
