/**
 * Paper recipes from the studio: open the Recipes panel from the run browser's Recipes section,
 * run figD6-counts (compute-only, instant) and see its figure next to the paper's caption; start
 * fig3c-scaling with 2 seeds × widths 4–5, cancel it, resume it and see it complete with 4 runs.
 * Creates no runs of the workspace (recipes live in recipes/), so the other specs' counts hold.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

test('recipes: figD6 figure, fig3c cancel and resume', async ({ page }) => {
  test.setTimeout(300_000);
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');

  // The run browser's Recipes section lists the paper recipes; an entry opens the panel on it.
  await page.getByTestId('browser-recipes').locator('summary').click();
  await page.getByTestId('browser-recipe-figD6-counts').click();
  const panel = page.getByTestId('recipes-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('recipe-figD6-counts')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('recipe-caption')).toContainText('Fig. D6');
  await panel.getByTestId('recipe-run').click();
  await expect(panel.getByTestId('recipe-figure')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByTestId('recipe-status')).toContainText('complete');
  mkdirSync(ARTIFACTS, { recursive: true });
  await panel.screenshot({ path: resolve(ARTIFACTS, 'recipes-figD6.png') });

  await panel.getByTestId('recipe-fig3c-scaling').click();
  await expect(panel.getByTestId('recipe-param-seeds')).toHaveValue('4000');
  await panel.getByTestId('recipe-param-seeds').fill('2');
  await panel.getByTestId('recipe-param-widths').fill('4-5');
  await panel.getByTestId('recipe-run').click();
  await expect(panel.getByTestId('recipe-cancel')).toBeEnabled({ timeout: 30_000 });
  await panel.getByTestId('recipe-cancel').click();
  await expect(panel.getByTestId('recipe-progress')).toContainText('cancelled', { timeout: 60_000 });
  await expect(panel.getByTestId('recipe-status')).toContainText(/unfinished: [0-3] \/ 4 runs/);
  await expect(panel.getByTestId('recipe-resume')).toBeEnabled();
  await panel.getByTestId('recipe-resume').click();
  await expect(panel.getByTestId('recipe-status')).toContainText('complete: 4 / 4 runs', { timeout: 240_000 });
  await expect(panel.getByTestId('recipe-figure')).toBeVisible();
  await panel.screenshot({ path: resolve(ARTIFACTS, 'recipes-fig3c.png') });
  expect(problems).toEqual([]);
});
