import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'));
const SMALL = ['--teacher', 'fig6', '--widths', '2-3', '--seeds', '1', '--samples', '200', '--no-png'];

describe('escape-studio hierarchy / reproduce fig5-hierarchy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-hier-'));

  it('draws the Fig. 5 graph: split edges keep the loss (Thm. 3.1), escape edges go down; CLI = recipe', async () => {
    const r = await runCli(['hierarchy', ...SMALL, '--out', 'h', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const m = manifest(join(dir, 'h'));
    expect(m.name).toBe('fig5-hierarchy');
    expect(m.complete).toBe(true);
    const { nodes, edges, perWidth } = m.summary;
    expect(nodes.length).toBeGreaterThan(0);
    expect(edges.some((e: { kind: string }) => e.kind === 'split')).toBe(true);
    for (const e of edges) {
      const [a, b] = [nodes[e.from], nodes[e.to]];
      if (e.kind === 'split') {
        expect(b.width).toBe(a.width + 1);
        expect(Math.abs(b.loss - a.loss)).toBeLessThanOrEqual(1e-12 * a.loss);
      } else {
        expect(b.width).toBe(a.width);
        expect(b.loss).toBeLessThan(a.loss);
      }
    }
    for (const w of perWidth) expect(w.nodes).toBe(nodes.filter((n: { width: number }) => n.width === w.width).length);
    expect(readFileSync(join(dir, 'h', 'figure.svg'), 'utf8')).toContain('split edges');
    const same = await runCli(['reproduce', 'fig5-hierarchy', ...SMALL, '--out', 'h2', '--json'], dir);
    expect(same.code, same.stderr).toBe(0);
    const strip = (s: { nodes: unknown[]; edges: unknown[] }) => ({ nodes: s.nodes, edges: s.edges });
    expect(strip(manifest(join(dir, 'h2')).summary)).toEqual(strip(m.summary));
  }, 180_000);

  it('rejects a bad teacher in the user\'s words', async () => {
    expect((await runCli(['hierarchy', '--teacher', 'fig9'], dir)).stderr).toMatch(/--teacher must be one of fig3a, fig3c, fig6, got fig9/);
  });
});
