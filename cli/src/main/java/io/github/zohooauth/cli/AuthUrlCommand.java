package io.github.zohooauth.cli;

import io.github.zohooauth.AccessType;
import io.github.zohooauth.AuthorizationRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "auth-url", mixinStandardHelpOptions = true,
    description = "Prints the authorization page URL to open in a browser (never contains the client secret).")
final class AuthUrlCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
      description = "scopes, repeated or comma-separated (default: scope from the configuration)")
  private List<String> scopes;

  @Option(names = "--state", paramLabel = "STATE", description = "echoed back on the redirect")
  private String state;

  @Option(names = "--access-type", paramLabel = "TYPE", description = "OFFLINE (a refresh token) or ONLINE")
  private AccessType accessType;

  @Option(names = "--consent", description = "show the consent screen again (a new refresh token)")
  private boolean consent;

  @Override
  public Integer call() {
    AuthorizationRequest request = scopes == null || scopes.isEmpty() ? AuthorizationRequest.withConfiguredScopes()
        : AuthorizationRequest.withScopes(scopes.toArray(new String[0]));
    if (state != null) {
      request = request.state(state);
    }
    if (accessType != null) {
      request = request.accessType(accessType);
    }
    if (consent) {
      request = request.promptConsent();
    }
    spec.commandLine().getOut().println(cli.client().authorizationUrl(request));
    return ExitCodes.OK;
  }
}
