/** `escape-studio FILE`: the studio (web host) opened on a network file, imported as a run first. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../../main/cli/serve';
import { Workspace } from '../../../main/workspace/workspace';
import { tempDir } from '../helpers/service';
import { runCli } from './runCli';

const FIXTURES = join(__dirname, '../../fixtures/import');
const dirs: { path: string; remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function folder(): string {
  const d = tempDir('open-file');
  dirs.push(d);
  return d.path;
}

describe('escape-studio FILE', () => {
  it('imports the file (origin import) before serving, then stops cleanly', async () => {
    const workspace = folder();
    let stdout = '';
    let stderr = '';
    let printed!: () => void;
    const served = new Promise<void>((r) => (printed = r));
    const code = await serve(
      ['--import', join(FIXTURES, 'softplus_2_3_1.json'), '--teacher', 'fig6', '--port', '0', '--workspace', workspace, '--workers', '1', '--renderer-dir', workspace],
      {
        stdout: (t) => {
          stdout += t;
          if (t.includes('serving at')) printed();
        },
        stderr: (t) => void (stderr += t),
        stderrIsTTY: false,
        cwd: process.cwd(),
      },
      served,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Escape Studio is serving at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(stderr).toMatch(/imported .*softplus_2_3_1\.json as run run-\S+ \(13 parameters, L = \S+ on fig6\)/);
    const runs = (await Workspace.open(workspace)).listRuns();
    expect(runs.map((r) => r.origin)).toEqual([{ kind: 'import', file: 'softplus_2_3_1.json', format: 'json' }]);
  });

  it('routes a file argument to serve --import, and says what is missing for a weights-only file', async () => {
    const cwd = folder();
    copyFileSync(join(FIXTURES, 'softplus_2_3_1.safetensors'), join(cwd, 'net.safetensors'));
    const run = await runCli(['net.safetensors', '--port', '0', '--workspace', join(cwd, 'ws'), '--workers', '1'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/net\.safetensors holds weights only; give the activations, one per layer, e\.g\. --activations tanh,identity/);
    const unknown = await runCli(['no-such-file.pt'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'no-such-file\.pt'/);
  });
});
