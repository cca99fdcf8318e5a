package io.github.zohooauth.testkit;

import io.github.zohooauth.testkit.ZohoAccounts.AccessGrant;
import io.github.zohooauth.testkit.ZohoAccounts.Answer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Zoho's resource APIs as the fake serves them: any method on any path under a product's prefix. A live token with
 * the product's scope gets 200 and a small JSON naming the token's user; any other token gets the product's own
 * 401, whose body differs by product (see {@code zoho-protocol.md}).
 */
final class ResourceApi {
  /** A product: its path prefix, the scope prefix its calls need, and how it words a 401. */
  enum Product {
    /** CRM: {@code {"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}}. */
    CRM("/crm/", "zohocrm.") {
      @Override
      String refusal(boolean scope) {
        return scope
            ? "{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this "
                + "URL\",\"status\":\"error\"}"
            : "{\"code\":\"INVALID_TOKEN\",\"details\":{},\"message\":\"invalid oauth token\",\"status\":\"error\"}";
      }
    },
    /** Projects (and Social): {@code {"error":{"code":401,"message":"INVALID_OAUTHTOKEN"}}}. */
    PROJECTS("/projects/", "zohoprojects.") {
      @Override
      String refusal(boolean scope) {
        return "{\"error\":{\"code\":401,\"message\":\"" + (scope ? "INVALID_OAUTHSCOPE" : "INVALID_OAUTHTOKEN")
            + "\"}}";
      }
    },
    /**
     * Bigin, playing the form seen in the wild for a dead token:
     * {@code {"code":"AUTHENTICATION_FAILURE","details":{},"message":"Authentication failed","status":"error"}}.
     */
    BIGIN("/bigin/", "zohobigin.") {
      @Override
      String refusal(boolean scope) {
        return scope
            ? "{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this "
                + "URL\",\"status\":\"error\"}"
            : "{\"code\":\"AUTHENTICATION_FAILURE\",\"details\":{},\"message\":\"Authentication failed\","
                + "\"status\":\"error\"}";
      }
    },
    /** Desk and others: {@code {"code":"INVALID_OAUTHTOKEN","message":"..."}}. */
    DESK("/desk/", "desk.") {
      @Override
      String refusal(boolean scope) {
        return scope ? "{\"code\":\"INVALID_OAUTHSCOPE\",\"message\":\"The OAuth scope does not allow this call\"}"
            : "{\"code\":\"INVALID_OAUTHTOKEN\",\"message\":\"The OAuth token is invalid or expired\"}";
      }
    };

    final String prefix;
    final String scopePrefix;

    Product(String prefix, String scopePrefix) {
      this.prefix = prefix;
      this.scopePrefix = scopePrefix;
    }

    abstract String refusal(boolean scope);

    static Product of(String path) {
      for (Product product : values()) {
        if (path.startsWith(product.prefix)) {
          return product;
        }
      }
      return null;
    }
  }

  private ResourceApi() {}

  /** The answer to a call; {@code liveGrant} gives what the fake knows of a live token, or null. */
  static Answer answer(String method, String path, String authorization, int bodyBytes,
      Function<String, AccessGrant> liveGrant) {
    Product product = Product.of(path);
    if (product == null) {
      return new Answer(404, "{\"code\":\"INVALID_URL_PATTERN\",\"message\":\"Please check if the URL trying to "
          + "access is a correct one\",\"status\":\"error\"}");
    }
    String prefix = "Zoho-oauthtoken ";
    String token = authorization != null && authorization.startsWith(prefix)
        ? authorization.substring(prefix.length()) : null;
    AccessGrant grant = token == null ? null : liveGrant.apply(token);
    if (grant == null) {
      return new Answer(401, product.refusal(false));
    }
    boolean scoped = false;
    for (String scope : grant.scopes.toLowerCase(Locale.ROOT).split("[ ,]")) {
      scoped |= scope.startsWith(product.scopePrefix);
    }
    if (!scoped) {
      return new Answer(401, product.refusal(true));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user", grant.email);
    json.put("method", method);
    json.put("path", path);
    json.put("body_bytes", bodyBytes);
    return new Answer(200, Json.object(json));
  }
}
