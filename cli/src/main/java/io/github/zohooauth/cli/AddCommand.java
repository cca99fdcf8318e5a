package io.github.zohooauth.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Stores a user from a refresh token obtained elsewhere (fetches a first access token with it).")
final class AddCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--refresh-token", required = true, paramLabel = "TOKEN",
      description = "the refresh token, or - to read it from standard input (keeps it out of shell history and ps)")
  private String refreshToken;

  @Option(names = "--user", required = true, paramLabel = "EMAIL", description = "the identifier to store it under")
  private String user;

  @Option(names = "--show-tokens", description = "also print the access and refresh tokens")
  private boolean showTokens;

  @Override
  public Integer call() throws IOException {
    String who = Arguments.user(user);
    String token = Arguments.secret("--refresh-token", refreshToken, System.in, spec.commandLine().getErr());
    cli.warnIfForgetful(spec.commandLine().getErr());
    Printing.stored(spec.commandLine().getOut(),
        cli.client().generateAccessTokenFromRefreshToken(token.trim(), who), showTokens);
    return ExitCodes.OK;
  }
}
