package io.github.zohooauth.internal.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code application/x-www-form-urlencoded}, for form bodies and URL queries alike. */
final class FormEncoding {
  private FormEncoding() {}

  /** {@code name=value&...} in the map's order, UTF-8 percent-encoded; a null value is sent empty. */
  public static String encode(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(field.getValue() == null ? "" : field.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
