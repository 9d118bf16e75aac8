/**
 * Figure export from the studio (issue 11): train a small run, then the spectrum and loss-curve
 * panels' Export buttons download an SVG (parses as SVG, print theme, axis titles) and a PNG of
 * exactly width × height × scale pixels, and the weight-space panel's SVG shows the teacher.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pngSize } from '../../renderer/src/figures/pngDpi';

const TRAINING_MS = 300_000;

async function download(page: Page, panel: Locator, button: 'export-svg' | 'export-png'): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), panel.getByTestId(button).click()]);
  return readFileSync(await file.path());
}

/** Root element, background and every text of an SVG document, parsed by the page's DOMParser. */
async function parseSvg(page: Page, svg: string): Promise<{ error: string | null; root: string; background: string | null; texts: string[] }> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    return {
      error: error ? (error.textContent ?? 'parse error') : null,
      root: doc.documentElement.localName,
      background: doc.querySelector('svg > rect')?.getAttribute('fill') ?? null,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
    };
  }, svg);
}

test('spectrum, loss curves and weight space export SVG and PNG', async ({ page }) => {
  test.setTimeout(600_000);
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);

  await expect(page.getByTestId('run-list').or(page.getByText('No runs in this workspace yet.'))).toBeVisible();
  const runsBefore = await page.getByTestId('run-row').count();
  await page.getByTestId('new-experiment').click();
  const form = page.getByTestId('start-form');
  await form.locator('select[name=teacher]').selectOption('fig6');
  await form.locator('input[name=width]').fill('2');
  await form.locator('select[name=method]').selectOption('minimize');
  await form.locator('input[name=seed]').fill('11');
  await form.locator('input[name=seeds]').fill('1');
  await form.locator('input[name=maxSteps]').fill('300');
  await page.getByTestId('start-button').click();
  await expect(page.getByTestId('run-row')).toHaveCount(runsBefore + 1, { timeout: TRAINING_MS });
  await page.getByTestId('browser-search').fill('fig6 w2 seed 11 minimize');
  await page.getByTestId('run-row').first().locator('.run-open').click();
  await expect(page.getByTestId('current-run')).toHaveText('fig6 w2 seed 11 minimize');

  // Spectrum: SVG in the print theme with its axis titles; PNG at 400×300 × 2.
  const spectrum = page.getByTestId('panel-spectrum');
  await expect(spectrum.getByTestId('eigenvalue').first()).toBeVisible({ timeout: 120_000 });
  await expect(spectrum).toContainText(' 9 eigenvalues'); // fig6 width 2: P = 9, not the previous run's spectrum
  const svg = await parseSvg(page, (await download(page, spectrum, 'export-svg')).toString('utf8'));
  expect(svg.error).toBeNull();
  expect(svg.root).toBe('svg');
  expect(svg.background).toBe('#ffffff');
  expect(svg.texts).toContain('Hessian eigenvalue λₖ');
  expect(svg.texts).toContain('eigenvalue index k (ascending, 9 in all)');
  await spectrum.getByTestId('export-width').fill('400');
  await spectrum.getByTestId('export-height').fill('300');
  await spectrum.getByTestId('export-scale').selectOption('2');
  expect(pngSize(new Uint8Array(await download(page, spectrum, 'export-png')))).toEqual({ width: 800, height: 600 });
  await expect(spectrum.getByTestId('export-status')).toContainText('800×600 px, 192 dpi');
  // An impossible size is refused in the form's words, buttons disabled.
  await spectrum.getByTestId('export-width').fill('20');
  await expect(spectrum.getByTestId('export-status')).toContainText('Width and height must be whole numbers ≥ 50');
  await expect(spectrum.getByTestId('export-png')).toBeDisabled();

  // Loss curves: SVG with the loss axis title, PNG at the default 640×360 × 3.
  const curves = page.getByTestId('panel-curves');
  await expect(curves.getByTestId('loss-curve').first()).toBeVisible();
  const curvesSvg = await parseSvg(page, (await download(page, curves, 'export-svg')).toString('utf8'));
  expect(curvesSvg.error).toBeNull();
  expect(curvesSvg.texts).toContain('loss L = (1/N) Σ‖f(x) − y‖²');
  expect(pngSize(new Uint8Array(await download(page, curves, 'export-png')))).toEqual({ width: 1920, height: 1080 });

  // Weight space (a tab next to the landscape): teacher crosses and axis titles in the file.
  await page.locator('.dv-tab', { hasText: 'Weight space' }).first().click();
  const weights = page.getByTestId('panel-weights');
  await expect(weights.getByTestId('teacher-cross').first()).toBeVisible();
  const weightsSvg = (await download(page, weights, 'export-svg')).toString('utf8');
  expect((await parseSvg(page, weightsSvg)).texts).toContain('w₁ (weight from input x₁)');
  expect(weightsSvg).toContain('data-testid="teacher-cross"');
  expect(problems).toEqual([]);
});
