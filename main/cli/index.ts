import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './args';
import type { CliCommand, CliIo } from './command';
import { COMMANDS } from './commands';

function help(): string {
  const lines = ['usage: escape-studio <command> [flags]', '       escape-studio FILE [serve flags]   (the studio opened on a network file)', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', "Run 'escape-studio <command> --help' for its flags.");
  return lines.join('\n') + '\n';
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  let entry = COMMANDS.find((c) => c.name === name);
  let args = rest;
  // `escape-studio FILE …`: the studio opened on a network file (serve --import FILE …).
  if (!entry && !name.startsWith('-') && existsSync(resolve(io.cwd, name))) {
    entry = COMMANDS.find((c) => c.name === 'serve');
    args = ['--import', name, ...rest];
  }
  if (!entry) {
    io.stderr(`escape-studio: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command: CliCommand = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: escape-studio ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.stderr(`escape-studio ${name}: ${message}\nusage: escape-studio ${command.usage}\n`);
      return 2;
    }
    io.stderr(`escape-studio ${name}: ${message}\n`);
    return 1;
  }
}
