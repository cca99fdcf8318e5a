package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthTokens;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "exchange", mixinStandardHelpOptions = true,
    description = "Exchanges a grant code (from the API console's Self Client, or a redirect) for stored tokens.")
final class ExchangeCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--grant", required = true, paramLabel = "CODE", description = "the grant code; it lives ~2 minutes")
  private String grant;

  @Option(names = "--user", paramLabel = "EMAIL",
      description = "store under this identifier instead of asking Zoho for the user's email")
  private String user;

  @Option(names = "--show-tokens", description = "also print the access and refresh tokens")
  private boolean showTokens;

  @Override
  public Integer call() {
    ZohoOAuthTokens tokens = user == null ? cli.client().generateAccessToken(grant)
        : cli.client().generateAccessToken(grant, user);
    cli.warnIfForgetful(spec.commandLine().getErr());
    Printing.stored(spec.commandLine().getOut(), tokens, showTokens);
    return ExitCodes.OK;
  }
}
