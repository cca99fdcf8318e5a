package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthTokens;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;

/** How commands report stored tokens: who and until when, tokens only when asked for. */
final class Printing {
  private Printing() {}

  static void stored(PrintWriter out, ZohoOAuthTokens tokens, boolean showTokens) {
    out.println("Stored tokens for " + tokens.userIdentifier() + ": access token valid until "
        + tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS)
        + (tokens.apiDomain() == null ? "" : ", API domain " + tokens.apiDomain())
        + "." + (tokens.refreshToken() == null && AddCommand.isSoid(tokens.userIdentifier())
        ? " An organisation's token has no refresh token: the next one is got with the client's credentials when "
        + "this one expires."
        : tokens.refreshToken() == null ? " No refresh token came with it: Zoho sends one only with "
        + "access_type=offline, and only at the user's first consent to this client. To get one, open the URL "
        + "'zoho-oauth auth-url --consent' prints (prompt=consent), sign in, and exchange the new code." : ""));
    if (showTokens) {
      out.println("access_token=" + tokens.accessToken());
      out.println("refresh_token=" + (tokens.refreshToken() == null ? "" : tokens.refreshToken()));
    }
  }
}
