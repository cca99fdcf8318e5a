package io.github.zohooauth.cli;

import io.github.zohooauth.exception.MissingProfileScopeException;
import io.github.zohooauth.exception.UnknownUserException;

/**
 * The library's errors in the CLI's words: where a library message tells a programmer which method to call, the
 * CLI names the command or flag that does it.
 */
final class CliMessages {
  private CliMessages() {}

  /** {@code store} names where the client looked ({@code file:/path}, {@code jdbc:table}), or is null. */
  static String of(Throwable error, String store) {
    if (error instanceof UnknownUserException) {
      String user = ((UnknownUserException) error).userIdentifier();
      return "No tokens are stored for '" + user + "'" + (store == null ? "" : " in " + store + " (the store the "
          + "configuration file names; a mistyped store key falls back to a default, and a warning said so)")
          + ". Store them with 'zoho-oauth exchange --grant CODE' (a grant "
          + "code from the API console's Self Client, or from the page 'zoho-oauth auth-url' prints), or with "
          + "'zoho-oauth add --refresh-token - --user " + user + "' for a refresh token you already hold.";
    }
    if (error instanceof MissingProfileScopeException) {
      return "Zoho would not tell whose grant this is: the grant lacks scope AaaServer.profile.READ. Name the user "
          + "with --user EMAIL, or add AaaServer.profile.READ to scope and get a new grant code. The refresh token "
          + "Zoho issued was revoked, so nothing lingers.";
    }
    return inCliWords(error.getMessage());
  }

  /**
   * A library message in the CLI's words: pointers to builder methods dropped (the CLI is configured by its file),
   * and the methods that take what a flag gives named by that flag.
   */
  static String inCliWords(String message) {
    if (message == null) {
      return null;
    }
    return message.replaceAll(" \\((?:or )?(?:ZohoOAuthClient)?Builder\\.[^);]*\\)", "")
        .replace("pass them in AuthorizationRequest.withScopes(...)", "pass them with --scope")
        .replace("pass them in startDeviceAuthorization(scopes)", "pass them with --scope")
        .replaceAll("or point -Dzoho\\.oauth\\.config=<path> at it, or call ZohoOAuth\\.initialize\\(path\\)",
            "or name it with --config FILE (or the environment variable ZOHO_OAUTH_CONFIG)");
  }
}
