import { describe, expect, it } from 'vitest';
import {
  adversarialRegrowth,
  advopBlocks,
  AdvopObjective,
  loss,
  lossAndGradient,
  predict,
  SUCCESS_LOSS,
  teacherDataset,
  unitIndices,
  type Network,
} from '../../../native-workers/engine';
import { advopRecipe, plainTicket, ticketCosine } from '../../../main/recipes/advop';
import { grownTicket, ticketInit } from '../../../main/recipes/fig3a';
import { recipeByName } from '../../../main/recipes/registry';
import { runRecipe } from '../../../main/recipes/runner';
import type { RunRecord } from '../../../main/recipes/types';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// N = 400: baseline seeds 400015 and 400018 (of 400000..400019) are winning tickets (see the fig3a test).
const N = 400;
const TICKET = 400015;
const data = teacherDataset('fig3a', { samples: N, dataSeed: 0 });

/** cos(g_T, g_ref) from the engine's plain loss gradient (not the advOP objective's code). */
function cosineFromGradients(net: Network, ticketIdx: number[], ref: Float64Array): number {
  const g = new Float64Array(net.theta.length);
  lossAndGradient(net.architecture, net.theta, data, g);
  let gr = 0, gg = 0, rr = 0;
  ticketIdx.forEach((p, i) => {
    gr += g[p] * ref[i];
    gg += g[p] * g[p];
    rr += ref[i] * ref[i];
  });
  return gr / Math.sqrt(gg * rr);
}

/** The same cosine with ∇_θT L by central differences of the loss alone. */
function cosineFromFiniteDifferences(net: Network, ticketIdx: number[], ref: Float64Array): number {
  const h = 1e-6;
  const g = ticketIdx.map((p) => {
    const a = Float64Array.from(net.theta);
    const b = Float64Array.from(net.theta);
    a[p] += h;
    b[p] -= h;
    return (loss(net.architecture, a, data) - loss(net.architecture, b, data)) / (2 * h);
  });
  let gr = 0, gg = 0, rr = 0;
  g.forEach((v, i) => {
    gr += v * ref[i];
    gg += v * v;
    rr += ref[i] * ref[i];
  });
  return gr / Math.sqrt(gg * rr);
}

/** ∇L of the ticket alone (width 4), mapped onto θT's positions of the width-m grown network. */
function isolatedTicketGradient(width: number): { ticketIdx: number[]; ref: Float64Array } {
  const ticket = ticketInit(TICKET);
  const g4 = new Float64Array(ticket.theta.length);
  lossAndGradient(ticket.architecture, ticket.theta, data, g4);
  const grown = grownTicket(TICKET, width, 1, 'glorot');
  const grownArch = grown.architecture;
  const ticketIdx: number[] = [];
  const ref: number[] = [];
  for (let j = 0; j < 4; j++) {
    const small = unitIndices(ticket.architecture, 0, j);
    const big = unitIndices(grownArch, 0, j);
    for (const key of ['incoming', 'outgoing'] as const)
      small[key].forEach((p, i) => {
        ticketIdx.push(big[key][i]);
        ref.push(g4[p]);
      });
    ticketIdx.push(big.bias);
    ref.push(g4[small.bias]);
  }
  ticketIdx.push(grown.theta.length - 1); // the output bias (last: W1, b1, W2, b2)
  ref.push(g4[ticket.theta.length - 1]);
  return { ticketIdx, ref: Float64Array.from(ref) };
}

describe('advOP (eq. 1): the cosine objective and its exact gradient', () => {
  it('blocks: θT = the 4 ticket units + output bias, θadv = the added units, disjoint and complete', () => {
    const net = grownTicket(TICKET, 6, 600030, 'glorot');
    const { ticket, adv } = advopBlocks(net.architecture, 4);
    expect(ticket).toHaveLength(4 * 4 + 1);
    expect(adv).toHaveLength(2 * 4);
    expect(new Set([...ticket, ...adv]).size).toBe(net.theta.length);
  });

  it('θadv = 0: the grown network is the ticket’s function at init and its θT-gradient is the isolated ticket’s (J = 1)', () => {
    const ticket = ticketInit(TICKET);
    const f4 = predict(ticket.architecture, ticket.theta, data.X, data.count);
    for (const width of [5, 7]) {
      const plain = plainTicket(TICKET, width);
      const f = predict(plain.architecture, plain.theta, data.X, data.count);
      expect(Math.max(...f.map((v, i) => Math.abs(v - f4[i])))).toBe(0);
      const { ticketIdx, ref } = isolatedTicketGradient(width);
      const g = new Float64Array(plain.theta.length);
      lossAndGradient(plain.architecture, plain.theta, data, g);
      ticketIdx.forEach((p, i) => expect(Math.abs(g[p] - ref[i])).toBeLessThanOrEqual(1e-15 * (1 + Math.abs(ref[i]))));
      expect(ticketCosine(plain, N)).toBeCloseTo(1, 14);
      // g_ref of the objective equals the isolated ticket's gradient
      const obj = new AdvopObjective(plain.architecture, data, grownTicket(TICKET, width, 9, 'glorot').theta, 4);
      ticketIdx.forEach((p, i) => expect(Math.abs(obj.reference[p] - ref[i])).toBeLessThanOrEqual(1e-15 * (1 + Math.abs(ref[i]))));
    }
  });

  it('dJ/dθadv (one HVP) matches central finite differences of J to rel. err ≤ 1e-6', () => {
    for (const [width, seed] of [[5, 500030], [7, 700031]] as const) {
      const net = grownTicket(TICKET, width, seed, 'glorot');
      const obj = new AdvopObjective(net.architecture, data, net.theta, 4);
      const adv = obj.blocks.adv;
      const G = new Float64Array(adv.length);
      obj.cosineAndGradient(net.theta, G);
      const { ticketIdx, ref } = isolatedTicketGradient(width);
      const fd = adv.map((p) => {
        const h = 1e-6;
        const a = Float64Array.from(net.theta);
        const b = Float64Array.from(net.theta);
        a[p] += h;
        b[p] -= h;
        const Ja = cosineFromGradients({ architecture: net.architecture, theta: a }, ticketIdx, ref);
        const Jb = cosineFromGradients({ architecture: net.architecture, theta: b }, ticketIdx, ref);
        return (Ja - Jb) / (2 * h);
      });
      const num = Math.hypot(...fd.map((v, i) => v - G[i]));
      expect(num / Math.hypot(...fd)).toBeLessThanOrEqual(1e-6);
      expect(Math.hypot(...fd)).toBeGreaterThan(1e-4); // a real signal, not 0 ≈ 0
    }
  });

  it('advOP lowers the cosine below the random regrowth’s (checked by finite-difference gradients), keeps θT and ‖θadv‖', () => {
    for (const [width, seed] of [[5, 500030], [6, 600031], [7, 700030]] as const) {
      const rnd = grownTicket(TICKET, width, seed, 'glorot');
      const r = adversarialRegrowth(rnd, 4, data, { steps: 200 });
      const { ticketIdx, ref } = isolatedTicketGradient(width);
      const jRnd = cosineFromFiniteDifferences(rnd, ticketIdx, ref);
      const jAdv = cosineFromFiniteDifferences(r.network, ticketIdx, ref);
      expect(Math.abs(jRnd - r.initialCosine)).toBeLessThan(1e-7);
      expect(Math.abs(jAdv - r.finalCosine)).toBeLessThan(1e-7);
      expect(jAdv).toBeLessThan(jRnd - 1e-2);
      expect(r.history.every((v, k) => k === 0 || v < r.history[k - 1])).toBe(true);
      const { ticket, adv } = advopBlocks(rnd.architecture, 4);
      for (const p of ticket) expect(r.network.theta[p]).toBe(rnd.theta[p]);
      const nrm = (t: Float64Array) => Math.hypot(...adv.map((p) => t[p]));
      expect(Math.abs(nrm(r.network.theta) - nrm(rnd.theta))).toBeLessThanOrEqual(1e-12 * nrm(rnd.theta));
      expect(r.evaluations).toBeLessThanOrEqual(200);
    }
    // advScale: the sphere's radius is scale × the regrowth's norm
    const rnd = grownTicket(TICKET, 5, 500030, 'glorot');
    const big = adversarialRegrowth(rnd, 4, data, { steps: 100, scale: 3 });
    const adv = advopBlocks(rnd.architecture, 4).adv;
    expect(Math.hypot(...adv.map((p) => big.network.theta[p]))).toBeCloseTo(3 * Math.hypot(...adv.map((p) => rnd.theta[p])), 12);
    expect(() => adversarialRegrowth(rnd, 4, data, { steps: -1 })).toThrow(/steps must be a non-negative integer, got -1/);
  });
});

describe('fig3b-advop-mlp recipe', () => {
  it('is registered with the paper-scale defaults and checks its parameters in the user’s words', () => {
    expect(recipeByName('fig3b-advop-mlp')).toBe(advopRecipe);
    expect(advopRecipe.caption).toMatch(/MLP analogue of Fig\. 3b \(App\. B idea, teacher–student, no CIFAR\)/);
    const p = advopRecipe.resolve({});
    expect(p).toMatchObject({ widths: [5, 6, 7], seeds: 100, samples: 30000, advScale: 1 });
    expect(() => advopRecipe.resolve({ advSteps: -3 })).toThrow(/--adv-steps must be an integer in 0\.\.1000000, got -3/);
    expect(() => advopRecipe.resolve({ advScale: 0 })).toThrow(/--adv-scale must be a number in \[0\.001, 1000\], got 0/);
    expect(() => advopRecipe.resolve({ widths: [4] })).toThrow(/--widths/);
  });

  it('runs end to end: tickets → plain / rndOP / advOP runs, success table with Wilson intervals, figure', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'es-advop-')), 'r');
    const params = { seeds: 20, growthSeeds: 2, widths: [5], samples: N, maxSteps: 4000, advSteps: 60 };
    const result = await runRecipe({ name: 'fig3b-advop-mlp', params, out: dir, png: false });
    expect(result.cancelled).toBe(false);
    const runs = result.manifest.runs as RunRecord[];
    const tickets = runs.filter((r) => r.condition === 'baseline' && r.loss < SUCCESS_LOSS).map((r) => r.seed);
    expect(tickets).toEqual([400015, 400018]);
    const of = (c: string) => runs.filter((r) => r.condition === c);
    expect(of('plain')).toHaveLength(tickets.length);
    expect(of('rndop')).toHaveLength(2 * tickets.length);
    expect(of('advop')).toHaveLength(2 * tickets.length);
    // rndOP and advOP of one growth seed share the seed; ticket 400015 (index 15) → seeds 500030, 500031
    expect(of('advop').map((r) => r.seed)).toEqual(of('rndop').map((r) => r.seed));
    expect(of('advop').map((r) => r.seed)).toEqual([500030, 500031, 500036, 500037]);
    // the plain ticket trains exactly as the ticket: a global minimum, the added units still zero
    const adv = advopBlocks(plainTicket(TICKET, 5).architecture, 4).adv;
    for (const r of of('plain')) {
      expect(r.loss).toBeLessThan(SUCCESS_LOSS);
      for (const p of adv) expect(r.finalTheta[p]).toBe(0);
    }
    const s = result.manifest.summary as { widths: { width: number; plain: { runs: number; successes: number; successInterval: { low: number; high: number } }; rndop: { successes: number }; advop: { successes: number; runs: number }; cosine: { rndop: { mean: number }; advop: { mean: number }; advopBelowRndop: number; pairs: number } }[] };
    const row = s.widths[0];
    expect(row.plain).toMatchObject({ runs: 2, successes: 2 });
    expect(row.plain.successInterval.high).toBe(1);
    expect(row.advop.successes).toBe(of('advop').filter((r) => r.loss < SUCCESS_LOSS).length);
    expect(row.rndop.successes).toBe(of('rndop').filter((r) => r.loss < SUCCESS_LOSS).length);
    expect(row.cosine.pairs).toBe(4);
    expect(row.cosine.advopBelowRndop).toBe(4);
    expect(row.cosine.advop.mean).toBeLessThan(row.cosine.rndop.mean);
    const svg = readFileSync(join(dir, 'figure.svg'), 'utf8');
    expect(svg).toMatch(/MLP analogue of Fig\. 3b/);
    expect(svg).toMatch(/advOP \(eq\. 1\)/);
    expect(readFileSync(join(dir, 'table.txt'), 'utf8')).toMatch(/^5 +2\/2 = 100\.0 %/m);
  }, 120_000);
});
