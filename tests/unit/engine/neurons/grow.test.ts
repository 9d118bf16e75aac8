import { describe, expect, it } from 'vitest';
import { growNetwork, initialize, predict, Rng, teacherDataset, twoLayerArchitecture, unitParameters } from '../../../../native-workers/engine';

describe('growNetwork (embed a ticket into a wider layer)', () => {
  const architecture = twoLayerArchitecture(2, 4, 1, 'relu');
  const ticket = { architecture, theta: initialize(architecture, 'glorot_normal', new Rng(7)) };
  const data = teacherDataset('fig3a', { samples: 500 });

  it('preserves the function exactly at init (outgoing weights zero): max|Δf| = 0', () => {
    for (const to of [5, 6, 7]) {
      const { network, added } = growNetwork(ticket, { to, seed: 3 });
      expect(network.architecture.layers[0].outputs).toBe(to);
      expect(added).toEqual(Array.from({ length: to - 4 }, (_, k) => 4 + k));
      const before = predict(ticket.architecture, ticket.theta, data.X, data.count);
      const after = predict(network.architecture, network.theta, data.X, data.count);
      let max = 0;
      for (let i = 0; i < before.length; i++) max = Math.max(max, Math.abs(after[i] - before[i]));
      expect(max).toBe(0);
      // the ticket's units are untouched, the new ones are non-zero Glorot draws
      for (let j = 0; j < 4; j++) expect(unitParameters(network, 0, j)).toEqual(unitParameters(ticket, 0, j));
      expect(unitParameters(network, 0, to - 1).incoming.some((w) => w !== 0)).toBe(true);
    }
  });

  it('draws the new incoming weights with Glorot-normal variance 2/(d_in + m)', () => {
    const { network } = growNetwork(ticket, { to: 4 + 4000, seed: 11 });
    let s2 = 0;
    for (let j = 4; j < 4004; j++) for (const w of unitParameters(network, 0, j).incoming) s2 += w * w;
    const variance = s2 / 8000;
    const want = 2 / (2 + 4004);
    expect(Math.abs(variance / want - 1)).toBeLessThan(0.05); // 8000 draws: relative sd ≈ 1.6 %
  });

  it('is seeded, and with glorot outgoing weights changes the function', () => {
    const a = growNetwork(ticket, { to: 6, seed: 5 }).network.theta;
    const b = growNetwork(ticket, { to: 6, seed: 5 }).network.theta;
    const c = growNetwork(ticket, { to: 6, seed: 6 }).network.theta;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const g = growNetwork(ticket, { to: 6, seed: 5, outgoing: 'glorot' }).network;
    expect(unitParameters(g, 0, 5).outgoing[0]).not.toBe(0);
  });

  it('rejects shrinking', () => {
    expect(() => growNetwork(ticket, { to: 3, seed: 0 })).toThrow(/target width must be an integer ≥ the current width 4/);
  });
});
