package io.github.zohooauth.cli;

import io.github.zohooauth.DeviceAuthorization;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.ConfigurationException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "login", mixinStandardHelpOptions = true,
    description = {"Signs a user in with Zoho's device flow, for a machine with no browser: prints a code and the",
        "page to enter it on (from any device), waits for the user, then stores the user's tokens."})
final class LoginCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Option(names = "--device", required = true, description = "sign in with the device flow")
  private boolean device;

  @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
      description = "the scopes, comma-separated or repeated (default: scope in the configuration file); include "
          + "AaaServer.profile.READ, which names the user")
  private List<String> scopes = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ZohoOAuthClient client = cli.client();
    DeviceAuthorization authorization;
    try {
      authorization = client.startDeviceAuthorization(scopes.stream().map(String::trim)
          .filter(scope -> !scope.isEmpty()).toArray(String[]::new));
    } catch (ConfigurationException e) {
      if (!e.getMessage().contains("needs scopes")) {
        throw e;
      }
      throw new CliException("login --device needs scopes: pass them with --scope (for example --scope "
          + "ZohoCRM.modules.ALL,AaaServer.profile.READ), or set scope in the configuration file.", ExitCodes.USAGE, e);
    }
    out.println("Open " + authorization.verificationUrl() + " and enter the code " + authorization.userCode()
        + authorization.verificationUrlComplete().map(page -> " (or open " + page + ")").orElse("") + ".");
    out.println("Waiting for the sign-in, at most " + authorization.expiresIn().toMinutes() + " minutes...");
    out.flush();
    Printing.stored(out, client.completeDeviceAuthorization(authorization), false);
    cli.warnIfForgetful(spec.commandLine().getErr());
    return ExitCodes.OK;
  }
}
