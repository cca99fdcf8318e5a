package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthTokens;
import java.io.IOException;
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

  @Option(names = "--grant", required = true, paramLabel = "CODE",
      description = "the grant code (it lives ~2 minutes), or - to read it from standard input (keeps it out of ps)")
  private String grant;

  @Option(names = "--user", paramLabel = "EMAIL",
      description = "store under this identifier instead of asking Zoho for the user's email")
  private String user;

  @Option(names = "--show-tokens", description = "also print the access and refresh tokens")
  private boolean showTokens;

  @Override
  public Integer call() throws IOException {
    String who = user == null ? null : Arguments.user(user);
    String code = Arguments.secret("--grant", grant, System.in, spec.commandLine().getErr());
    ZohoOAuthTokens tokens = who == null ? cli.client().generateAccessToken(code)
        : cli.client().generateAccessToken(code, who);
    cli.warnIfForgetful(spec.commandLine().getErr());
    Printing.stored(spec.commandLine().getOut(), tokens, showTokens);
    return ExitCodes.OK;
  }
}
