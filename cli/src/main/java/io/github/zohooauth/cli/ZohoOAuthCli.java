package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code zoho-oauth}: the one-time token steps from a terminal, with the application's own
 * {@code oauth_configuration.properties} and store. Replaces the "Postman, then paste the refresh token into code"
 * recipe.
 */
@Command(name = "zoho-oauth", mixinStandardHelpOptions = true, version = "zoho-oauth 0.1.0",
    description = "Obtains, stores and refreshes Zoho OAuth tokens with your oauth_configuration.properties.",
    subcommands = {ExchangeCommand.class, AddCommand.class, TokenCommand.class, ListCommand.class,
        RevokeCommand.class, AuthUrlCommand.class, ImportCommand.class, RekeyCommand.class,
        NewKeyCommand.class, LoginCommand.class},
    footer = {"", "Exit codes: 0 ok, 2 usage, 3 configuration, 4 Zoho refused, 5 network, 6 token store, "
        + "7 unknown user, 8 authorize the user again, 1 anything else."})
public final class ZohoOAuthCli implements Runnable {
  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "oauth_configuration.properties to use (default: -Dzoho.oauth.config, $ZOHO_OAUTH_CONFIG, the "
          + "working directory, the classpath)")
  private Path config;

  private ZohoOAuthClient client;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    ZohoOAuthCli cli = new ZohoOAuthCli();
    CommandLine commandLine = new CommandLine(cli).setOut(out).setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((error, line, parsed) -> {
          line.getErr().println("error: " + CliMessages.of(error, cli.client == null ? null
              : cli.client.tokenStore().namespace()));
          return ExitCodes.of(error);
        });
    try {
      return commandLine.execute(args);
    } finally {
      if (cli.client != null) {
        cli.client.close();
      }
    }
  }

  /** The client, initialized once from the configuration. */
  ZohoOAuthClient client() {
    if (client == null) {
      client = config != null ? ZohoOAuth.initialize(config) : ZohoOAuth.initialize();
    }
    return client;
  }

  /**
   * Says so on standard error when the configured store is memory: what a command stores there is gone when the
   * command ends.
   */
  void warnIfForgetful(PrintWriter err) {
    if (client().tokenStore() instanceof InMemoryTokenPersistenceHandler) {
      err.println("warning: the configured store is memory (persistence=memory): these tokens are gone when this "
          + "command ends. Set persistence=file (with token_persistence_path), persistence=jdbc or persistence=redis "
          + "to keep them.");
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "Name a command; --help lists them.");
  }
}
