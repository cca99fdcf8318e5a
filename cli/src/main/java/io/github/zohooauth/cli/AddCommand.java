package io.github.zohooauth.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Stores a user from a refresh token obtained elsewhere (fetches a first access token with it),",
        "or, with --client-credentials, an organisation's Self Client token (no user, no refresh token; the next one",
        "is got the same way when it expires)."})
final class AddCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--refresh-token", paramLabel = "TOKEN",
      description = "the refresh token, or - to read it from standard input (keeps it out of shell history and ps)")
  private String refreshToken;

  @Option(names = "--user", paramLabel = "EMAIL", description = "the identifier to store it under")
  private String user;

  @Option(names = "--client-credentials",
      description = "get the organisation a token with the client's own credentials (a Self Client)")
  private boolean clientCredentials;

  @Option(names = "--soid", paramLabel = "SOID",
      description = "with --client-credentials: the service and org id, such as ZohoCRM.600000434")
  private String soid;

  @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
      description = "with --client-credentials: the scopes, comma-separated or repeated, such as ZohoCRM.modules.ALL")
  private java.util.List<String> scopes = new java.util.ArrayList<>();

  @Option(names = "--show-tokens", description = "also print the access and refresh tokens")
  private boolean showTokens;

  @Override
  public Integer call() throws IOException {
    if (clientCredentials) {
      return organisation();
    }
    if (soid != null || !scopes.isEmpty()) {
      throw new CliException("--soid and --scope go with --client-credentials: add it, or store a user with "
          + "--refresh-token TOKEN --user EMAIL.", ExitCodes.USAGE);
    }
    if (refreshToken == null || user == null) {
      throw new CliException("add needs --refresh-token TOKEN and --user EMAIL (or, for an organisation's Self "
          + "Client token, --client-credentials --soid SOID --scope SCOPE).", ExitCodes.USAGE);
    }
    String who = Arguments.user(user);
    String token = Arguments.secret("--refresh-token", refreshToken, System.in, spec.commandLine().getErr());
    cli.warnIfForgetful(spec.commandLine().getErr());
    Printing.stored(spec.commandLine().getOut(),
        cli.client().generateAccessTokenFromRefreshToken(token.trim(), who), showTokens);
    return ExitCodes.OK;
  }

  /** An organisation as Zoho's soid names it: a service and an org id, such as ZohoCRM.600000434. */
  static boolean isSoid(String identifier) {
    return identifier.matches("[A-Za-z][A-Za-z0-9]*\\.[0-9]+");
  }

  private Integer organisation() {
    if (refreshToken != null || user != null) {
      throw new CliException("--client-credentials stores the organisation's token under --soid: leave out "
          + "--refresh-token and --user.", ExitCodes.USAGE);
    }
    if (soid == null || !isSoid(soid.trim())) {
      throw new CliException("--client-credentials needs --soid SOID, the service and the organisation id, such as "
          + "--soid ZohoCRM.600000434" + (soid == null ? "." : "; '" + soid + "' is not that."), ExitCodes.USAGE);
    }
    if (scopes.stream().allMatch(scope -> scope.trim().isEmpty())) {
      throw new CliException("--client-credentials needs --scope, such as --scope ZohoCRM.modules.ALL.",
          ExitCodes.USAGE);
    }
    cli.warnIfForgetful(spec.commandLine().getErr());
    Printing.stored(spec.commandLine().getOut(), cli.client().generateAccessTokenFromClientCredentials(soid.trim(),
        scopes.stream().map(String::trim).filter(scope -> !scope.isEmpty()).toArray(String[]::new)), showTokens);
    return ExitCodes.OK;
  }
}
