package io.github.zohooauth.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The markdown the one benchmark command writes: sections of tables, each row measured in this run. */
final class Report {
  private final StringBuilder markdown = new StringBuilder();

  void section(String title, String explanation) {
    markdown.append("\n**").append(title).append("** ").append(explanation).append("\n\n");
  }

  void table(String... header) {
    markdown.append('|').append(String.join(" | ", header)).append("|\n|");
    List<String> rule = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      rule.add(i == 0 ? "---" : "---:");
    }
    markdown.append(String.join("|", rule)).append("|\n");
  }

  void row(Object... cells) {
    List<String> text = new ArrayList<>();
    for (Object cell : cells) {
      text.add(String.valueOf(cell));
    }
    markdown.append("| ").append(String.join(" | ", text)).append(" |\n");
  }

  @Override
  public String toString() {
    return markdown.toString();
  }

  static String ratio(double ratio) {
    return ratio >= 10 ? String.format("%,.0fx", ratio) : String.format("%.2fx", ratio);
  }
}
