import { describe, expect, it } from 'vitest';
import { CANNED } from '../helpers/canned';
import { classificationKind, exploredHierarchy, parseNumberList } from '../../../renderer/src/panels/exploredHierarchy';
import { placeHierarchy } from '../../../renderer/src/panels/hierarchyData';

describe('explored hierarchy (hierarchy.get → view data)', () => {
  it('maps nodes by classification, marks split points, and turns split edges into embed arrows', () => {
    const graph = CANNED['hierarchy.get'];
    const { nodes, edges } = exploredHierarchy(graph);
    expect(nodes.map((n) => [n.id, n.nodeId, n.width, n.kind, n.split])).toEqual([
      ['n0', 0, 1, 'minimum', false],
      ['n1', 1, 2, 'saddle', true],
    ]);
    expect(edges).toEqual([{ from: 'n0', to: 'n1', kind: 'embed' }]);
    const placed = placeHierarchy(nodes, { width: 100, height: 100 });
    expect(placed.widths).toEqual([1, 2]);
    // Same loss → same height: the split point sits level with the minimum it came from.
    expect(placed.placed[0].y).toBe(placed.placed[1].y);
  });

  it('one arrow per transition, whatever the γ and nudge sign', () => {
    const base = CANNED['hierarchy.get'];
    const e = base.edges[0];
    const { edges } = exploredHierarchy({
      nodes: base.nodes,
      edges: [e, { ...e, gamma: 0.25 }, { ...e, from: 1, to: 0, kind: 'escape', sign: 1 }, { ...e, from: 1, to: 0, kind: 'escape', sign: -1 }],
    });
    expect(edges).toEqual([
      { from: 'n0', to: 'n1', kind: 'embed' },
      { from: 'n1', to: 'n0', kind: 'escape' },
    ]);
  });

  it('classifies and parses the form lists', () => {
    expect(['global-min', 'local-min', 'strict-saddle', 'flat', 'kink-stationary', 'not-critical'].map(classificationKind)).toEqual([
      'global',
      'minimum',
      'saddle',
      'other',
      'other',
      'other',
    ]);
    expect(parseNumberList('2, 3 4')).toEqual([2, 3, 4]);
    expect(parseNumberList('0.5;0.25')).toEqual([0.5, 0.25]);
    expect(parseNumberList('2, x')).toBeNull();
  });
});
