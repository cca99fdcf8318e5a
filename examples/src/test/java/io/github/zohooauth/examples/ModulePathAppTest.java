package io.github.zohooauth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named-module application (src/test/modular-app) compiled and run on the module path with core, the file store
 * and the testkit: no --add-modules, no --add-opens. It finds the store through the service loader, signs a user
 * in at the fake and calls the API; and each module exports only its API packages.
 */
class ModulePathAppTest {
  private static final Set<String> MODULES = Set.of("io.github.zohooauth.core",
      "io.github.zohooauth.persistence.file", "io.github.zohooauth.testkit", "com.fasterxml.jackson.databind",
      "com.fasterxml.jackson.core", "com.fasterxml.jackson.annotation", "com.github.benmanes.caffeine");

  @TempDir
  Path work;

  @Test
  void aModularApplicationRunsOnTheModulePathWithNoExtraFlags() throws Exception {
    String modulePath = modulePath();
    Path classes = work.resolve("classes");
    List<String> sources;
    try (Stream<Path> files = Files.walk(Paths.get("src", "test", "modular-app"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "11", "--module-path", modulePath, "-d",
        classes.toString()));
    args.addAll(sources);
    assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "the app compiles against the API");

    List<String> output = run(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", classes + File.pathSeparator + modulePath,
        "--module", "app.example/app.example.Main", work.resolve("tokens").toString());

    assertTrue(output.contains("USER modular@example.com"), String.join("\n", output));
    assertTrue(output.contains("API 200"), String.join("\n", output));
    assertTrue(output.stream().anyMatch(line -> line.startsWith("STORE ") && line.contains("FileTokenPersistence")),
        String.join("\n", output));
    assertTrue(output.contains("EXPORTS io.github.zohooauth.core [io.github.zohooauth, io.github.zohooauth.config, "
        + "io.github.zohooauth.event, io.github.zohooauth.exception, io.github.zohooauth.spi]"),
        String.join("\n", output));
    assertTrue(output.contains("EXPORTS io.github.zohooauth.persistence.file [io.github.zohooauth.persistence.file]"),
        String.join("\n", output));
    assertTrue(output.contains("EXPORTS io.github.zohooauth.testkit [io.github.zohooauth.testkit]"),
        String.join("\n", output));
  }

  /** The entries of this test's class path that hold the app's modules and their dependencies, and no others. */
  private static String modulePath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Paths.get(entry);
      if (!Files.exists(path)) {
        continue;
      }
      for (ModuleReference module : ModuleFinder.of(path).findAll()) {
        if (MODULES.contains(module.descriptor().name())) {
          entries.add(entry);
        }
      }
    }
    assertEquals(MODULES.size(), entries.size(), "module path entries found: " + entries);
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the app did not end");
    assertEquals(0, process.exitValue(), String.join("\n", lines));
    return lines;
  }
}
