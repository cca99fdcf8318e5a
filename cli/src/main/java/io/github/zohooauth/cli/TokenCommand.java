package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.ConfigurationException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Prints a valid access token (refreshed if needed) and nothing else.",
        "For scripts: curl -H \"Authorization: Zoho-oauthtoken $(zoho-oauth token --user me@x.com)\" ..."})
final class TokenCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--user", paramLabel = "EMAIL", description = "default: currentUserEmail from the configuration")
  private String user;

  @Override
  public Integer call() {
    ZohoOAuthClient client = cli.client();
    if (user == null) {
      try {
        spec.commandLine().getOut().println(client.getAccessToken());
      } catch (ConfigurationException e) {
        throw new CliException("Which user? Name one with --user EMAIL, or set currentUserEmail in the "
            + "configuration.", ExitCodes.USAGE, e);
      }
    } else {
      spec.commandLine().getOut().println(client.getAccessToken(Arguments.user(user)));
    }
    return ExitCodes.OK;
  }
}
