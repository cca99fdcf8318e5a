package io.github.zohooauth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM lists exactly the artifacts the reactor publishes: every module that does not skip deploy, and none that
 * does. A new module is added to the BOM, or marked as not published, before it can land.
 */
class PublishedArtifactsTest {
  private static final Path ROOT = Paths.get("..");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile(
      "</parent>\\s*<artifactId>([^<]+)</artifactId>|^\\s*<artifactId>(zoho-oauth-bom)</artifactId>",
      Pattern.MULTILINE);

  @Test
  void theBomListsEveryPublishedModuleAndNoOther() throws Exception {
    TreeSet<String> published = new TreeSet<>();
    for (Matcher module = MODULE.matcher(read(ROOT.resolve("pom.xml"))); module.find(); ) {
      String pom = read(ROOT.resolve(module.group(1)).resolve("pom.xml"));
      Matcher artifact = ARTIFACT.matcher(pom);
      assertTrue(artifact.find(), "no artifactId in " + module.group(1));
      String id = artifact.group(1) != null ? artifact.group(1) : artifact.group(2);
      if (!pom.contains("<maven.deploy.skip>true</maven.deploy.skip>") && !id.equals("zoho-oauth-bom")) {
        published.add(id);
      }
    }
    String bom = read(ROOT.resolve("bom").resolve("pom.xml"));
    String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    TreeSet<String> listed = new TreeSet<>();
    for (Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(managed); artifact.find(); ) {
      listed.add(artifact.group(1));
    }

    assertEquals(published, listed, "the BOM's artifacts against the reactor's published modules");
  }

  @Test
  void everyPublishedPomSaysWhatCentralAsksFor() throws Exception {
    String parent = read(ROOT.resolve("pom.xml"));
    String bom = read(ROOT.resolve("bom").resolve("pom.xml"));
    for (String pom : new String[] {parent, bom}) {
      for (String element : new String[] {"<url>", "<licenses>", "<developers>", "<scm>", "<description>",
          "<name>", "maven-gpg-plugin"}) {
        assertTrue(pom.contains(element), element + " is missing");
      }
    }
    assertTrue(Files.exists(ROOT.resolve("LICENSE")) && read(ROOT.resolve("LICENSE")).contains("Apache License"));
  }

  private static String read(Path file) throws Exception {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
