package io.github.zohooauth.cli;

import io.github.zohooauth.RekeyReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rekey", mixinStandardHelpOptions = true,
    description = "Encrypts every stored user's tokens with token_encryption_key (plain ones and those under "
        + "token_encryption_old_keys) and prints the counts; exit 6 when some users were left as they were.")
final class RekeyCommand implements Callable<Integer> {
  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    RekeyReport report = cli.client().rekeyStoredTokens();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Re-encrypted " + users(report.reencrypted()) + " with key id " + report.keyId() + "; "
        + users(report.alreadyCurrent()) + " already under it; " + users(report.failures().size())
        + " left as they were.");
    if (report.failures().isEmpty()) {
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    for (Map.Entry<String, String> failure : report.failures().entrySet()) {
      err.println("error: " + failure.getKey() + ": " + CliMessages.inCliWords(failure.getValue()));
    }
    return ExitCodes.STORE;
  }

  private static String users(int count) {
    return count + (count == 1 ? " user" : " users");
  }
}
