package io.github.zohooauth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revokes the user's refresh token at Zoho and deletes the stored tokens.")
final class RevokeCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--user", required = true, paramLabel = "EMAIL", description = "the user whose tokens to revoke")
  private String user;

  @Override
  public Integer call() {
    cli.client().revokeRefreshToken(Arguments.user(user));
    spec.commandLine().getOut().println("Revoked and deleted the tokens of " + user + ".");
    return ExitCodes.OK;
  }
}
