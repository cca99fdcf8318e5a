package io.github.zohooauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Configuration keys" table and {@link ConfigKeys#CORE} name the same keys: a new key is documented. */
class ConfigKeysDocumentedTest {

  @Test
  void everyKeyTheCoreReadsIsInTheReadmesConfigurationTable() throws Exception {
    Path readme = Paths.get("..", "README.md");
    assertTrue(Files.exists(readme), "run from the core module: " + readme.toAbsolutePath());
    String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
    int start = text.indexOf("\n## Configuration keys");
    int end = text.indexOf("\n## ", start + 1);
    assertTrue(start >= 0 && end > start, "the README has a Configuration keys section");
    List<String> rows = text.substring(start, end).lines().filter(line -> line.startsWith("| `"))
        .collect(Collectors.toList());

    TreeSet<String> missing = new TreeSet<>();
    for (String key : ConfigKeys.CORE) {
      if (rows.stream().noneMatch(row -> row.contains("`" + key + "`"))) {
        missing.add(key);
      }
    }
    assertEquals(new TreeSet<>(), missing, "keys read by the core but not in the README's table");
  }
}
