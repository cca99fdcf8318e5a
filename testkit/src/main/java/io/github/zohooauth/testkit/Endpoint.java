package io.github.zohooauth.testkit;

/** The accounts server endpoints the fake serves; used to count requests and to aim failures. */
public enum Endpoint {
  /** {@code GET /oauth/v2/auth}: the authorization page that redirects back with a grant code. */
  AUTHORIZE("/oauth/v2/auth"),
  /** {@code POST /oauth/v2/token}: grant code exchange and refresh. */
  TOKEN("/oauth/v2/token"),
  /** {@code POST /oauth/v2/token/revoke}. */
  REVOKE("/oauth/v2/token/revoke"),
  /** {@code POST /oauth/v3/device/code}: the device flow's start. */
  DEVICE_CODE("/oauth/v3/device/code"),
  /** {@code POST /oauth/v3/device/token}: the device flow's poll. */
  DEVICE_TOKEN("/oauth/v3/device/token"),
  /** {@code GET /oauth/serverinfo}: the data centres' accounts servers by location. */
  SERVER_INFO("/oauth/serverinfo"),
  /** {@code GET /oauth/user/info}. */
  USER_INFO("/oauth/user/info"),
  /**
   * The resource APIs, any method: {@code /crm/...} (CRM's 401 form), {@code /projects/...} and {@code /desk/...}
   * (the other products' forms). A live token with the product's scope gets 200 and JSON naming its user.
   */
  API("/");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The request path, for example {@code /oauth/v2/token}. */
  public String path() {
    return path;
  }
}
