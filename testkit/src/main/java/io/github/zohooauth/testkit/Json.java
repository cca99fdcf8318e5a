package io.github.zohooauth.testkit;

import java.util.Map;

/** Writes the flat JSON objects Zoho answers with; the testkit needs no JSON library for that. */
final class Json {
  private Json() {}

  static String object(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, ?> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(field.getKey())).append(':');
      Object value = field.getValue();
      if (value instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> nested = (Map<String, ?>) value;
        out.append(object(nested));
      } else {
        out.append(value instanceof Number ? value.toString() : quote(String.valueOf(value)));
      }
    }
    return out.append('}').toString();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
