package io.github.zohooauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zohooauth.config.Setting;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The starter's configuration metadata (what an IDE completes under {@code zoho.oauth.*}) describes every numeric
 * setting with the core's own default and bounds: it is checked against {@link Setting}, the one source.
 */
class ConfigurationMetadataTest {

  @Test
  void everyNumericSettingIsInTheMetadataWithTheCoresDefaultAndBounds() throws Exception {
    Map<String, JsonNode> properties = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertNotNull(in, "the configuration processor wrote no metadata");
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        properties.put(property.get("name").asText(), property);
      }
    }
    for (Setting setting : Setting.values()) {
      String name = "zoho.oauth." + setting.key().replace('_', '-');
      JsonNode property = properties.get(name);
      assertNotNull(property, name + " is missing from the starter's metadata");
      assertEquals(setting.defaultValue(), property.get("defaultValue").asLong(), name + " default");
      assertTrue(property.get("description").asText().contains(setting.bounds()), name + " bounds: "
          + property.get("description").asText());
    }
  }
}
