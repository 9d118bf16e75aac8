/**
 * Issue 9 §1 regressions in Chromium: the default preset certifies a local minimum; ▶ Play runs to
 * the end and back without a page error (it used to blank the studio: timeLabel read times[-1]);
 * the split shows the exact split point and the nudged start as two points.
 */
import { expect, test, type Page } from '@playwright/test';

function studioUrl(): string {
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  return url;
}

/** Page errors and console errors, collected for the whole test. */
function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

async function openPanel(page: Page, id: string): Promise<void> {
  await page.getByTestId('open-panel').selectOption(id);
  await expect(page.getByTestId(`panel-${id}`)).toBeVisible();
}

/** Starts the default preset (Fig. 6 width 3, seed 4, flow + polish) and selects its run. */
async function trainDefaultPreset(page: Page): Promise<void> {
  await expect(page.getByTestId('host-kind')).toHaveText('web host');
  const before = await page.getByTestId('run-row').count();
  await page.getByTestId('new-experiment').click();
  await page.getByTestId('preset-fig6-width3-local-min').click();
  await page.getByTestId('start-button').click();
  await expect(page.getByTestId('run-row')).toHaveCount(before + 1);
  const run = page.getByTestId('run-row').filter({ hasText: '1.839e-4' }).first();
  await run.click();
}

test.describe.configure({ mode: 'serial' });

test('the default preset reaches a certified local minimum (L ≈ 1.8386e-4)', async ({ page }) => {
  const problems = watchErrors(page);
  await page.goto(studioUrl());
  await trainDefaultPreset(page);
  await expect(page.getByTestId('inspector-class')).toContainText('local-min');
  await expect(page.getByTestId('inspector-class')).toContainText('index 0');
  await expect(page.getByTestId('inspector-result')).toContainText('1.839e-4');
  await page.screenshot({ path: 'test-results/e2e-behaviour-default-preset.png' });
  expect(problems).toEqual([]);
});

test('▶ Play runs to the end and back with no page error', async ({ page }) => {
  const problems = watchErrors(page);
  await page.goto(studioUrl());
  await page.getByTestId('run-row').filter({ hasText: '1.839e-4' }).first().click();
  const play = page.getByTestId('play-button');
  const label = page.getByTestId('time-label');
  await expect(play).toBeEnabled();
  await expect(label).toHaveText(/snapshot 1 of (\d+)/);
  const count = Number((await label.textContent())?.match(/of (\d+)/)?.[1]);
  expect(count).toBeGreaterThan(1);
  for (let round = 0; round < 2; round++) {
    // From the end, Play starts over at the first snapshot.
    await play.click();
    await expect(play).toHaveText(/Pause/);
    await expect(label).toHaveText(new RegExp(`snapshot ${count} of ${count}`), { timeout: 60_000 });
    await expect(play).toHaveText(/Play/);
    await expect(page.getByTestId('studio-workspace')).toBeVisible();
  }
  // And back by hand: the slider scrubs to the first snapshot.
  await page.getByTestId('time-slider').fill('0');
  await expect(label).toHaveText(new RegExp(`snapshot 1 of ${count}`));
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the split shows the exact split point and the nudged start as two points', async ({ page }) => {
  const problems = watchErrors(page);
  await page.goto(studioUrl());
  await page.getByTestId('run-row').filter({ hasText: '1.839e-4' }).first().click();
  await openPanel(page, 'split');
  const panel = page.getByTestId('panel-split');
  await panel.getByTestId('split-perturb').fill('0.001');
  await panel.getByTestId('split-button').click();
  const exact = panel.getByTestId('split-point-exact');
  const nudged = panel.getByTestId('split-point-nudged');
  await expect(exact).toContainText('strict saddle');
  await expect(exact).toContainText('1.8386e-4');
  await expect(nudged).toContainText('not critical');
  await expect(nudged).toContainText('ε = 0.001');
  await page.screenshot({ path: 'test-results/e2e-behaviour-split-points.png' });
  // The split run opens at its exact split point in the landscape and the spectrum.
  await openPanel(page, 'landscape');
  await expect(page.getByTestId('theta0')).toContainText('exact split point');
  expect(problems).toEqual([]);
});
