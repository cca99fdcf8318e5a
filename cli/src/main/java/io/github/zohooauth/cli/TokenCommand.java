package io.github.zohooauth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Prints a valid access token (refreshed if needed) and nothing else, for scripts:",
        "  curl -H \"Authorization: Zoho-oauthtoken $(zoho-oauth token --user me@x.com)\" ..."})
final class TokenCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--user", paramLabel = "EMAIL", description = "default: currentUserEmail from the configuration")
  private String user;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(user == null ? cli.client().getAccessToken() : cli.client().getAccessToken(user));
    return ExitCodes.OK;
  }
}
