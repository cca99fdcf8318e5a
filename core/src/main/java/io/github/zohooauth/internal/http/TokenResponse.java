package io.github.zohooauth.internal.http;

import io.github.zohooauth.ZohoOAuthTokens;
import java.time.Duration;
import java.time.Instant;

/** A successful answer of Zoho's token endpoint. */
final class TokenResponse {
  private final String accessToken;
  private final String refreshToken;
  private final Duration expiresIn;
  private final String apiDomain;
  private final String scope;

  TokenResponse(String accessToken, String refreshToken, Duration expiresIn, String apiDomain, String scope) {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.expiresIn = expiresIn;
    this.apiDomain = apiDomain;
    this.scope = scope;
  }

  public String accessToken() {
    return accessToken;
  }

  /** Only the first offline grant carries one; refreshes never do. */
  public String refreshToken() {
    return refreshToken;
  }

  public Duration expiresIn() {
    return expiresIn;
  }

  public String apiDomain() {
    return apiDomain;
  }

  public String scope() {
    return scope;
  }

  /**
   * {@code base} (the tokens as held before, or a new builder) updated with this answer: the new access token and
   * expiry, counted from {@code requestedAt} (when the request left, so the expiry errs early), and the refresh
   * token, API domain and scope where the answer has them. Zoho's refreshes carry no refresh token, so the one held
   * before is kept.
   */
  public ZohoOAuthTokens applyTo(ZohoOAuthTokens.Builder base, Instant requestedAt) {
    base.accessToken(accessToken).expiresAt(requestedAt.plus(expiresIn));
    if (refreshToken != null) {
      base.refreshToken(refreshToken);
    }
    if (apiDomain != null) {
      base.apiDomain(apiDomain);
    }
    if (scope != null) {
      base.scope(scope);
    }
    return base.build();
  }

  @Override
  public String toString() {
    return "TokenResponse{accessToken=****, refreshToken=" + (refreshToken == null ? "none" : "****")
        + ", expiresIn=" + expiresIn + ", apiDomain=" + apiDomain + "}";
  }
}
