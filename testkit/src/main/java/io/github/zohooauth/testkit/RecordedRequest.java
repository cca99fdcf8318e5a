package io.github.zohooauth.testkit;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** One request as the fake received it, for assertions on what a client sends (and does not send). */
public final class RecordedRequest {
  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final String body;

  RecordedRequest(String method, URI uri, Map<String, List<String>> headers, String body) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
  }

  public String method() {
    return method;
  }

  /** The request URI as sent: path and query string. */
  public URI uri() {
    return uri;
  }

  public String path() {
    return uri.getPath();
  }

  /** The first value of a header, or null; names are case-insensitive. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  public String body() {
    return body;
  }

  @Override
  public String toString() {
    return method + " " + uri.getPath();
  }
}
