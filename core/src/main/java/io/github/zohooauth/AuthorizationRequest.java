package io.github.zohooauth;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the authorization page should ask the user for: scopes, {@code state}, access type and whether to force the
 * consent screen. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * URI url = client.authorizationUrl(AuthorizationRequest.withScopes("ZohoCRM.modules.ALL", "AaaServer.profile.READ")
 *     .state(csrfToken)
 *     .promptConsent());
 * }</pre>
 */
public final class AuthorizationRequest {
  private final List<String> scopes;
  private final String state;
  private final AccessType accessType;
  private final boolean promptConsent;

  private AuthorizationRequest(List<String> scopes, String state, AccessType accessType, boolean promptConsent) {
    this.scopes = scopes;
    this.state = state;
    this.accessType = accessType;
    this.promptConsent = promptConsent;
  }

  /** A request for these scopes. */
  public static AuthorizationRequest withScopes(String... scopes) {
    for (String scope : scopes) {
      if (scope == null || scope.trim().isEmpty()) {
        throw new IllegalArgumentException("scopes must not be empty");
      }
    }
    return new AuthorizationRequest(Collections.unmodifiableList(Arrays.asList(scopes.clone())), null, null, false);
  }

  /** A request for the scopes of the {@code scope} configuration key. */
  public static AuthorizationRequest withConfiguredScopes() {
    return new AuthorizationRequest(List.of(), null, null, false);
  }

  /** The opaque value Zoho echoes back on the redirect; check it there to stop forged callbacks. */
  public AuthorizationRequest state(String state) {
    return new AuthorizationRequest(scopes, Objects.requireNonNull(state, "state"), accessType, promptConsent);
  }

  /** Overrides the configured {@code access_type}. */
  public AuthorizationRequest accessType(AccessType accessType) {
    return new AuthorizationRequest(scopes, state, Objects.requireNonNull(accessType, "accessType"), promptConsent);
  }

  /** Shows the consent screen again, which makes Zoho issue a new refresh token ({@code prompt=consent}). */
  public AuthorizationRequest promptConsent() {
    return new AuthorizationRequest(scopes, state, accessType, true);
  }

  List<String> scopes() {
    return scopes;
  }

  String state() {
    return state;
  }

  AccessType accessType() {
    return accessType;
  }

  boolean isPromptConsent() {
    return promptConsent;
  }
}
