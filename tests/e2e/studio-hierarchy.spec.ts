/**
 * The hierarchy explorer from the studio: explore fig6 (40 samples) at widths 2–3 with 2 seeds
 * per width as one job, see the stored graph drawn, click a node and get its landscape (a node is
 * its own point source, not a run); start a long one and cancel it. Creates no runs, so the
 * other specs' run counts hold.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

test('hierarchy: explore fig6 widths 2–3, open a node’s landscape', async ({ page }) => {
  test.setTimeout(300_000);
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(url);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');

  await page.getByTestId('open-panel').selectOption('hierarchy');
  const view = page.getByTestId('hierarchy');
  await view.locator('select').first().selectOption('fig6');
  await view.getByTestId('hierarchy-widths').fill('2, 3');
  await view.getByTestId('hierarchy-seeds').fill('2');
  await view.getByTestId('hierarchy-gammas').fill('0.5');
  await view.getByTestId('hierarchy-samples').fill('40');
  await view.getByTestId('hierarchy-explore').click();
  // The exploration is a job like a training: it shows in the job list and finishes at 100 %.
  await expect(view.getByText('exploration finished.')).toBeVisible({ timeout: 240_000 });
  await expect(view.getByTestId('hierarchy-shown').locator('option:checked')).toContainText('fig6 widths 2,3');
  // The explored graph (not the runs fallback) is drawn: its summary line counts descents.
  await expect(view.getByText(/\d+ descents, \d+ ended uphill/)).toBeVisible();
  const nodes = view.getByTestId('hierarchy-node');
  await expect(nodes.first()).toBeVisible();
  expect(await nodes.count()).toBeGreaterThan(1);

  await nodes.first().dispatchEvent('click');
  const workspace = page.getByTestId('studio-workspace');
  await expect(workspace.getByTestId('axis-notes')).toContainText('hierarchy node', { timeout: 120_000 });
  await expect(workspace.getByTestId('landscape-status')).toHaveAttribute('data-ready', 'yes', { timeout: 120_000 });

  // A long exploration shows its progress and stops on Cancel; nothing new is stored.
  const storedBefore = await view.getByTestId('hierarchy-shown').locator('option').count();
  await view.getByTestId('hierarchy-widths').fill('4, 5, 6');
  await view.getByTestId('hierarchy-seeds').fill('200');
  await view.getByTestId('hierarchy-samples').fill('');
  await view.locator('select').first().selectOption('fig3c');
  await view.getByTestId('hierarchy-explore').click();
  await expect(view.getByTestId('progress-bar')).toBeVisible();
  await view.getByTestId('hierarchy-cancel').click();
  await expect(view.getByText('exploration cancelled.')).toBeVisible();
  await expect(view.getByTestId('hierarchy-cancel')).toHaveCount(0);
  await expect(view.getByTestId('hierarchy-shown').locator('option')).toHaveCount(storedBefore);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'studio-hierarchy.png'), fullPage: true });
  expect(problems).toEqual([]);
});
