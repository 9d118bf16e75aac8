/** What every CLI command implements; main/cli/index.ts dispatches on `name`. */

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars redraw in place). */
  readonly stderrIsTTY: boolean;
  /** Resolves relative paths given on the command line. */
  readonly cwd: string;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  /** Returns the process exit code. Throw UsageError for bad flags, any other Error for failures. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
