/** Runs the CLI in-process with captured output, as `escape-studio ARGS` would. */
import { main } from '../../../main/cli/index';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTTY: false,
    cwd,
  });
  return { code, stdout, stderr };
}
