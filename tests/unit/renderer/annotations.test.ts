/** The landscape's labels: tick positions against the plane → scene map, titles, colour bar; GIF/zip helpers. */
import { describe, expect, it } from 'vitest';
import type { AxisInfo } from '../../../contract/landscape';
import { annotationLayout, axisTitle } from '../../../renderer/src/landscape3d/annotations';
import { HEIGHT, heightField } from '../../../renderer/src/panels/landscapeData';
import { paletteSampleFrames } from '../../../renderer/src/recorder/encoders/gif';
import { frameName } from '../../../renderer/src/recorder/encoders/pngZip';
import { estimateBytes } from '../../../renderer/src/recorder/record';

const eig = (label: string, eigenvalue: number | null, explainedVariance: number | null = null): AxisInfo => ({
  kind: eigenvalue === null ? 'pca' : 'eigenvector',
  label,
  eigenvalue,
  eigenIndex: eigenvalue === null ? null : 0,
  explainedVariance,
  norm: 1,
});

function grid(R: number, alphaRange: [number, number], betaRange: [number, number]) {
  const loss: number[] = [];
  for (let i = 0; i < R; i++) for (let k = 0; k < R; k++) loss.push(10 ** (-4 + (3 * (i + k)) / (2 * (R - 1))));
  return { resolution: R, alphaRange, betaRange, loss, axes: [eig('escape: eigenvector 0', -3.1e-5), eig('PC2', null, 0.037)] as [AxisInfo, AxisInfo] };
}

describe('annotation layout', () => {
  const g = grid(9, [-2, 2], [0, 0.5]);
  const field = heightField(g, 'log10');
  const layout = annotationLayout(g, field, 'viridis');

  it('puts α ticks at x = 2(α − α₀)/(α₁ − α₀) − 1 on the front edge and β ticks at z = 1 − 2(β − β₀)/(β₁ − β₀) on the left edge', () => {
    const alpha = layout.labels.filter((l) => l.kind === 'tick' && l.position[1] === 0 && l.position[2] > 1 && l.position[0] >= -1);
    expect(alpha.map((l) => l.text)).toEqual(['-2', '-1', '0', '1', '2']);
    for (const l of alpha) expect(l.position[0]).toBeCloseTo((2 * (Number(l.text) + 2)) / 4 - 1, 12);
    const beta = layout.labels.filter((l) => l.kind === 'tick' && l.position[1] === 0 && l.position[0] < -1 && l.position[2] <= 1);
    expect(beta.length).toBeGreaterThanOrEqual(3);
    for (const l of beta) expect(l.position[2]).toBeCloseTo(1 - (2 * Number(l.text)) / 0.5, 12);
  });

  it('labels the height axis and the colour bar in loss units (decades on a log scale) inside [0, HEIGHT]', () => {
    const bar = layout.colourBar;
    expect(bar.title).toBe('loss L (log scale)');
    expect(bar.ticks.map((t) => t.text)).toContain('1e-3');
    for (const t of bar.ticks) {
      expect(t.f).toBeGreaterThanOrEqual(0);
      expect(t.f).toBeLessThanOrEqual(1);
      // f is where log10 of the label sits between the surface's lowest and highest value.
      expect(t.f).toBeCloseTo((Math.log10(Number(t.text)) - field.lo) / (field.hi - field.lo), 6);
    }
    const heights = layout.labels.filter((l) => l.kind === 'tick' && l.position[1] > 0).map((l) => l.position[1]);
    for (const y of heights) expect(y).toBeLessThanOrEqual(HEIGHT + 1e-12);
    // One tick mark (6 floats) per tick label.
    expect(layout.tickSegments.length).toBe(6 * layout.labels.filter((l) => l.kind === 'tick').length);
  });

  it('titles α and β with what they are: eigenvalue or explained variance', () => {
    const titles = layout.labels.filter((l) => l.kind === 'title').map((l) => l.text);
    expect(titles).toContain('α: escape: eigenvector 0 (λ = -3.1e-5)');
    expect(titles).toContain('β: PC2 (3.7% of variance)');
    // A label that already names λ is not repeated.
    expect(axisTitle('α', eig('escape: eigenvector 0 (λ = −3.1e−5)', -3.1e-5))).toBe('α: escape: eigenvector 0 (λ = −3.1e−5)');
  });
});

describe('recording helpers', () => {
  it('samples palette frames spread over the whole animation, first and last included', () => {
    expect(paletteSampleFrames(60)).toEqual([0, 12, 24, 35, 47, 59]);
    expect(paletteSampleFrames(1)).toEqual([0]);
    expect(paletteSampleFrames(3)).toEqual([0, 1, 2]);
  });

  it('names zipped frames so that they sort in order', () => {
    expect(frameName(0)).toBe('frame-00000.png');
    expect(frameName(1234)).toBe('frame-01234.png');
  });

  it('estimates a WebM size from the bitrate (0.1 bit per pixel per frame)', () => {
    const s = { width: 1280, height: 720, fps: 30, duration: 10 };
    expect(estimateBytes(s, 'webm')).toBe(Math.round((0.1 * 1280 * 720 * 30 * 10) / 8));
    expect(estimateBytes(s, 'gif')).toBeGreaterThan(0);
  });
});
