import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predict, teacherDataset } from '../../../native-workers/engine';
import { fig3aRecipe, grownTicket, ticketInit } from '../../../main/recipes/fig3a';
import { runCli } from './runCli';

const withoutTiming = (runs: { seconds: number }[]) => runs.map((r) => ({ ...r, seconds: 0 }));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'));
// N = 400: baseline seeds 400015 and 400018 of these 20 are winning tickets (L < 1e-25).
const SMALL = ['--seeds', '20', '--growth-seeds', '2', '--widths', '5-6', '--samples', '400', '--max-steps', '4000', '--no-png'];

interface Run {
  id: string;
  condition: string;
  width: number;
  seed: number;
  loss: number;
}

describe('fig3a-tickets recipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-fig3a-'));

  it('growing a ticket with zero outgoing weights keeps its function exactly; glorot outgoing changes it', () => {
    const { X, count } = teacherDataset('fig3a', { samples: 400, dataSeed: 0 });
    const ticket = ticketInit(400015);
    const f = predict(ticket.architecture, ticket.theta, X, count);
    for (const width of [5, 7]) {
      const zero = grownTicket(400015, width, width * 100000 + 3, 'zero');
      expect(zero.architecture.layers[0].outputs).toBe(width);
      const g = predict(zero.architecture, zero.theta, X, count);
      expect(Math.max(...g.map((v, i) => Math.abs(v - f[i])))).toBe(0);
      const glorot = grownTicket(400015, width, width * 100000 + 3, 'glorot');
      const h = predict(glorot.architecture, glorot.theta, X, count);
      expect(Math.max(...h.map((v, i) => Math.abs(v - f[i])))).toBeGreaterThan(1e-3);
    }
  });

  it('plans baselines, then ticket and control runs for each winning ticket; the table counts the runs', async () => {
    const r = await runCli(['reproduce', 'fig3a-tickets', ...SMALL, '--out', 'a', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const m = manifest(join(dir, 'a'));
    expect(m.complete).toBe(true);
    const runs: Run[] = m.runs;
    const baseline = runs.filter((x) => x.condition === 'baseline');
    expect(baseline.map((x) => x.seed)).toEqual(Array.from({ length: 20 }, (_, k) => 400000 + k));
    const tickets = baseline.filter((x) => x.loss < 1e-25).map((x) => x.seed);
    expect(tickets.length).toBeGreaterThan(0);
    // 2 growth seeds × widths 5, 6 per ticket, and as many random-init controls
    for (const condition of ['ticket', 'random'])
      for (const w of [5, 6]) expect(runs.filter((x) => x.condition === condition && x.width === w)).toHaveLength(2 * tickets.length);
    expect(m.plannedRuns).toBe(20 + 2 * 2 * 2 * tickets.length);
    expect(runs).toHaveLength(m.plannedRuns);
    expect(new Set(runs.map((x) => x.id)).size).toBe(runs.length);
    // ticket 400015 (baseline index 15) → growth runs k = 15·2 + g at each width
    if (tickets.includes(400015)) expect(runs.filter((x) => x.condition === 'ticket' && x.width === 5 && [500030, 500031].includes(x.seed))).toHaveLength(2);
    expect(m.summary.tickets.seeds).toEqual(tickets);
    for (const row of m.summary.widths) {
      const count = (c: string) => runs.filter((x) => x.condition === c && x.width === row.width);
      const random = row.width === 4 ? count('baseline') : count('random');
      expect(row.random.runs).toBe(random.length);
      expect(row.random.successes).toBe(random.filter((x) => x.loss < 1e-25).length);
      if (row.width > 4) {
        expect(row.ticket.runs).toBe(count('ticket').length);
        expect(row.ticket.successes).toBe(count('ticket').filter((x) => x.loss < 1e-25).length);
      } else expect(row.ticket).toBeNull();
    }
    const perTicketTotal = m.summary.perTicket.reduce((s: number, t: { successes: Record<string, number> }) => s + t.successes['5'], 0);
    expect(perTicketTotal).toBe(m.summary.widths.find((w: { width: number }) => w.width === 5).ticket.successes);
    expect(readFileSync(join(dir, 'a', 'figure.svg'), 'utf8')).toMatch(/lottery ticket \(100 %\)/);
    // the ticket runs start from the grown ticket, not from a fresh init: they differ from the controls of the same seed
    const t5 = runs.find((x) => x.condition === 'ticket' && x.width === 5)!;
    const c5 = runs.find((x) => x.condition === 'random' && x.seed === t5.seed)!;
    expect(t5.loss).not.toBe(c5.loss);
  }, 60_000);

  it('--resume after a cut inside the growth stage reruns nothing saved and ends identical', async () => {
    const full = manifest(join(dir, 'a'));
    const cutDir = join(dir, 'cut');
    const first = await runCli(['reproduce', 'fig3a-tickets', ...SMALL, '--out', 'cut'], dir);
    expect(first.code, first.stderr).toBe(0);
    const lines = readFileSync(join(cutDir, 'runs.jsonl'), 'utf8').trim().split('\n');
    const keep = 23; // the 20 baselines and 3 growth-stage runs, then a torn line
    writeFileSync(join(cutDir, 'runs.jsonl'), lines.slice(0, keep).join('\n') + '\n' + lines[keep].slice(0, 30));
    const resumed = await runCli(['reproduce', 'fig3a-tickets', ...SMALL, '--out', 'cut', '--resume'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const m = manifest(cutDir);
    expect(withoutTiming(m.runs)).toEqual(withoutTiming(full.runs));
    expect(m.runs.slice(0, keep)).toEqual(lines.slice(0, keep).map((l) => JSON.parse(l)));
  }, 60_000);

  it('shards (baselines split, each shard growing its own tickets) gather into the local result', async () => {
    for (const s of ['0/2', '1/2']) {
      const r = await runCli(['reproduce', 'fig3a-tickets', ...SMALL, '--shard', s, '--out', `shard-${s[0]}`], dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const g = await runCli(['gather', 'shard-0', 'shard-1', '--out', 'merged', '--no-png'], dir);
    expect(g.code, g.stderr).toBe(0);
    expect(withoutTiming(manifest(join(dir, 'merged')).runs)).toEqual(withoutTiming(manifest(join(dir, 'a')).runs));
  }, 60_000);

  it('rejects bad parameters in the user’s words', () => {
    expect(() => fig3aRecipe.resolve({ outgoing: 'half' })).toThrow(/--outgoing must be 'glorot' or 'zero'/);
    expect(() => fig3aRecipe.resolve({ widths: [4, 5] })).toThrow(/--widths must be widths in 5\.\.64/);
    expect(() => fig3aRecipe.resolve({ seeds: 4000, growthSeeds: 30 })).toThrow(/--seeds × --growth-seeds must be at most 100000/);
  });
});
