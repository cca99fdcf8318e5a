package io.github.zohooauth.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "new-key", mixinStandardHelpOptions = true,
    description = "Prints a new random token_encryption_key (32 bytes, base64) and nothing else.")
final class NewKeyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    spec.commandLine().getOut().println(Base64.getEncoder().encodeToString(key));
    spec.commandLine().getErr().println("Keep it out of oauth_configuration.properties: put it in the environment "
        + "(ZOHO_TOKEN_KEY, say) and write token_encryption_key=${ZOHO_TOKEN_KEY}. Keep a copy where backups of the "
        + "store are not: without it, the stored tokens cannot be read.");
    return ExitCodes.OK;
  }
}
