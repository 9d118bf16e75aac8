/**
 * The exported SVGs in a real browser (Debian's Chromium through playwright-core): each parses as
 * XML (DOMParser, image/svg+xml), shows its axis titles, tick values and legend, draws to a
 * non-blank image, and no two tick labels of an axis overlap with the fonts actually used.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureSvg } from '../../../../renderer/src/figures/svgString';
import { DARK_THEME } from '../../../../renderer/src/figures/theme';
import { SAMPLES } from './figureSamples';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

interface Parsed {
  readonly error: string | null;
  readonly root: string;
  readonly namespace: string | null;
  readonly texts: string[];
}

describe.each(SAMPLES)('$name figure', (sample) => {
  it('parses as SVG/XML and contains its axis titles, tick values and legend', async () => {
    const svg = figureSvg(sample.figure());
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    const parsed = await page.evaluate((text): Parsed => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      return {
        error: error ? (error.textContent ?? 'parse error') : null,
        root: doc.documentElement.localName,
        namespace: doc.documentElement.namespaceURI,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
    for (const text of sample.texts) expect(parsed.texts).toContain(text);
  });

  it.each([
    ['print', undefined],
    ['dark', DARK_THEME],
  ] as const)('draws to a non-blank image in Chromium (%s theme), as the PNG export does', async (_name, theme) => {
    const svg = figureSvg(sample.figure(theme));
    // The panels' PNG export path: the SVG as an image, drawn into a canvas at 2×.
    const stats = await page.evaluate(async (text) => {
      const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth * 2;
      canvas.height = image.naturalHeight * 2;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const bg = [data[0], data[1], data[2]];
      let differing = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 30) differing++;
        colours.add((data[i] >> 4) * 256 + (data[i + 1] >> 4) * 16 + (data[i + 2] >> 4));
      }
      URL.revokeObjectURL(url);
      return { width: canvas.width, height: canvas.height, inked: differing / (data.length / 4), colours: colours.size };
    }, svg);
    const element = sample.figure(theme);
    const { width, height } = element.props as { width: number; height: number };
    expect([stats.width, stats.height]).toEqual([2 * width, 2 * height]);
    expect(stats.inked).toBeGreaterThan(0.01);
    expect(stats.colours).toBeGreaterThan(8);
  });

  it('has no overlapping tick labels on either axis', async () => {
    const svg = figureSvg(sample.figure());
    const overlaps = await page.evaluate((text) => {
      document.body.innerHTML = text.replace(/^<\?xml[^>]*>\s*/, '');
      const found: string[] = [];
      for (const axis of document.querySelectorAll('g[data-axis]')) {
        const labels = [...axis.querySelectorAll('text')].filter((t) => !t.getAttribute('transform') && t.getAttribute('text-anchor') !== null);
        const boxes = labels.map((t) => ({ label: t.textContent, box: t.getBBox() }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].box;
            const b = boxes[j].box;
            if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) found.push(`${boxes[i].label} × ${boxes[j].label}`);
          }
      }
      return found;
    }, svg);
    expect(overlaps).toEqual([]);
  });
});
