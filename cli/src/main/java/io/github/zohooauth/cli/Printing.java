package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthTokens;
import java.io.PrintWriter;

/** How commands report stored tokens: who and until when, tokens only when asked for. */
final class Printing {
  private Printing() {}

  static void stored(PrintWriter out, ZohoOAuthTokens tokens, boolean showTokens) {
    out.println("Stored tokens for " + tokens.userIdentifier() + ": access token valid until " + tokens.expiresAt()
        + (tokens.apiDomain() == null ? "" : ", API domain " + tokens.apiDomain())
        + (tokens.refreshToken() == null ? " (no refresh token: the grant was access_type=online)" : "") + ".");
    if (showTokens) {
      out.println("access_token=" + tokens.accessToken());
      out.println("refresh_token=" + (tokens.refreshToken() == null ? "" : tokens.refreshToken()));
    }
  }
}
