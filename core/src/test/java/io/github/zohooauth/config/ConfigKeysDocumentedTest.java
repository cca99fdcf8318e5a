package io.github.zohooauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documented "Configuration keys" table, the builders and {@link Setting} agree: a new key is documented, every
 * numeric setting's default in docs/configuration.md is the one in code, and every setting can be set in code too.
 */
class ConfigKeysDocumentedTest {

  @Test
  void everyKeyTheCoreReadsIsInTheReadmesConfigurationTable() throws Exception {
    List<String> rows = documentedRows();

    TreeSet<String> missing = new TreeSet<>();
    for (String key : ConfigKeys.CORE) {
      if (rows.stream().noneMatch(row -> row.contains("`" + key + "`"))) {
        missing.add(key);
      }
    }
    assertEquals(new TreeSet<>(), missing, "keys read by the core but not in the documented table");
  }

  @Test
  void theReadmeGivesEachNumericSettingTheDefaultTheCodeHas() throws Exception {
    List<String> rows = documentedRows();
    for (Setting setting : Setting.values()) {
      assertTrue(ConfigKeys.CORE.contains(setting.key()), setting.key());
      String row = rows.stream().filter(line -> line.startsWith("| `" + setting.key() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError("no documented row starts with " + setting.key()));
      assertTrue(row.startsWith("| `" + setting.key() + "` | `" + setting.defaultValue() + "` |"),
          "documented default of " + setting.key() + " is not " + setting.defaultValue() + ": " + row);
    }
  }

  @Test
  void everyNumericSettingHasItsBuilderMethod() {
    for (Setting setting : Setting.values()) {
      String method = setting.builderMethod();
      Class<?> owner = method.startsWith("HttpSettings.") ? HttpSettings.class : ZohoOAuthClientBuilder.class;
      String name = method.substring(method.indexOf('.') + 1);
      assertTrue(Arrays.stream(owner.getMethods()).anyMatch(m -> m.getName().equals(name)),
          setting + ": no public " + owner.getSimpleName() + "." + name);
    }
  }

  @Test
  void theBuildersUseTheDefaultsAndRefuseOutOfBoundsValuesNamingTheMethod() {
    assertEquals(Setting.HTTP_REQUEST_TIMEOUT.defaultDuration(), HttpSettings.defaults().requestTimeout());
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
        () -> ZohoOAuthClient.builder().maxConcurrentRefreshes(1025));
    assertEquals("maxConcurrentRefreshes must be from 1 to 1024, was 1025", tooMany.getMessage());
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.defaults().withConnectTimeout(Duration.ofMinutes(11)));
    assertEquals("HttpSettings.withConnectTimeout must be from 1 to 600000 milliseconds, was PT11M",
        tooLong.getMessage());
  }

  private static List<String> documentedRows() throws Exception {
    Path page = Paths.get("..", "docs", "configuration.md");
    assertTrue(Files.exists(page), "run from the core module: " + page.toAbsolutePath());
    String text = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
    int start = text.indexOf("\n## Configuration keys");
    int next = text.indexOf("\n## ", start + 1);
    int end = next < 0 ? text.length() : next;
    assertTrue(start >= 0, "docs/configuration.md has a Configuration keys section");
    List<String> rows = text.substring(start, end).lines().filter(line -> line.startsWith("| `"))
        .collect(Collectors.toList());
    return rows;
  }
}
