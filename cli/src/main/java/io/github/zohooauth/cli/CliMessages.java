package io.github.zohooauth.cli;

import io.github.zohooauth.exception.MissingProfileScopeException;
import io.github.zohooauth.exception.UnknownUserException;

/**
 * The library's errors in the CLI's words: where a library message tells a programmer which method to call, the
 * CLI names the command or flag that does it.
 */
final class CliMessages {
  private CliMessages() {}

  static String of(Throwable error) {
    if (error instanceof UnknownUserException) {
      String user = ((UnknownUserException) error).userIdentifier();
      return "No tokens are stored for '" + user + "'. Store them with 'zoho-oauth exchange --grant CODE' (a grant "
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

  /** A library message with its pointers to builder methods dropped: the CLI is configured by the properties file. */
  static String inCliWords(String message) {
    return message == null ? null : message.replaceAll(" \\((?:or )?(?:ZohoOAuthClient)?Builder\\.[^);]*\\)", "");
  }
}
