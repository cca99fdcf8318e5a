package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists stored users with expiry, state, API domain and accounts server; never a token.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    ZohoOAuthClient client = cli.client();
    PrintWriter out = spec.commandLine().getOut();
    List<String> users = client.getUserIdentifiers();
    out.printf("%-40s %-24s %-8s %-8s %-28s %s%n", "USER", "ACCESS TOKEN EXPIRES", "STATE", "REFRESH", "API DOMAIN",
        "ACCOUNTS SERVER");
    for (String user : users) {
      ZohoOAuthTokens tokens = client.getTokens(user);
      out.printf("%-40s %-24s %-8s %-8s %-28s %s%n", user,
          tokens.accessToken() == null || tokens.expiresAt() == null ? "-"
              : tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS),
          client.getTokenState(user), tokens.refreshToken() == null ? "none" : "stored",
          tokens.apiDomain() == null ? "-" : tokens.apiDomain(),
          tokens.accountsServer() == null ? client.accountsUrl() : tokens.accountsServer());
    }
    out.println(users.size() + (users.size() == 1 ? " user" : " users"));
    return ExitCodes.OK;
  }
}
