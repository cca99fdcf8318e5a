package io.github.zohooauth.cli;

/** A failure the CLI explains in its own words (flags and commands), with the exit code scripts rely on. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int exitCode;

  CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  CliException(String message, int exitCode) {
    this(message, exitCode, null);
  }
}
