/**
 * `npm run bench [-- filter]`: runs every case in bench/cases/*.ts whose name contains the
 * filter and prints one JSON object {machine, results: {name: BenchResult}} on stdout.
 * Progress goes to stderr.
 */
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCase, type BenchCase, type BenchResult } from './harness';

const filter = process.argv[2] ?? '';
const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');
const results: Record<string, BenchResult> = {};

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = (await import(pathToFileURL(join(casesDir, file)).href)) as { default: BenchCase[] };
  for (const c of mod.default) {
    if (!c.name.includes(filter)) continue;
    process.stderr.write(`bench ${c.name} … `);
    results[c.name] = await runCase(c);
    process.stderr.write(`${results[c.name].medianMs} ms\n`);
  }
}

const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
process.stdout.write(JSON.stringify({ unit: 'ms (median)', machine, results }, null, 2) + '\n');
