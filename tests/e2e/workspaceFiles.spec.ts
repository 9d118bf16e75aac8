/**
 * The Analyses & exports panel in real Chromium through the web host (issue 14): an analysis
 * and an export created through the API are listed (kind, run, date, size), Delete asks — "no"
 * keeps the analysis, "yes" deletes it (gone from the panel and from analyses.list) — and Open
 * selects the run.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { connectStudioApi, studioUrl } from './fixtures/studioApi';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

test('lists an analysis and an export created through the API; Delete asks, then deletes', async ({ page }) => {
  test.setTimeout(240_000);
  const api = await connectStudioApi();
  let analysisId: string;
  let runId: string;
  try {
    const started = await api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [41], method: 'minimize', budgets: { maxSteps: 300 }, name: 'files e2e' });
    runId = started.jobs[0]!.runId;
    await expect.poll(async () => (await api.call('runs.list', {})).runs.some((r) => r.runId === runId), { timeout: 120_000, intervals: [500] }).toBe(true);
    analysisId = (await api.call('analyze', { source: { kind: 'run', runId }, escapeDirections: true })).analysisId;
    await api.call('runs.export', { runId });
  } finally {
    api.close();
  }

  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(studioUrl());
  await page.getByTestId('open-panel').selectOption('workspace-files');
  const panel = page.getByTestId('panel-workspace-files');
  await panel.getByTestId('files-refresh').click();

  const analysisRow = panel.locator(`[data-testid=files-row][data-kind=analysis][data-id="${analysisId}"]`);
  const exportRow = panel.locator(`[data-testid=files-row][data-kind=export][data-id="${runId}"]`);
  await expect(analysisRow).toBeVisible();
  await expect(exportRow).toBeVisible();
  const cells = analysisRow.locator('td');
  await expect(cells.nth(0)).toHaveText('Analysis');
  await expect(analysisRow.getByTestId('files-run')).toHaveText('fig6 w3 seed 41 minimize');
  await expect(analysisRow.getByTestId('files-detail')).toContainText(/, index\s\d+, L\s=\s/);
  await expect(cells.nth(2)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await expect(cells.nth(3)).toHaveText(/^\d+(\.\d+)? (B|kB)$/);
  await expect(exportRow.locator('td').nth(0)).toHaveText('Export');
  await expect(exportRow.getByTestId('files-detail')).toHaveText('run.json, run.npz');

  // No overlap: the row's cells sit side by side, the buttons inside their cell, the texts inside theirs (no cut words).
  const fits = await analysisRow.locator('td').evaluateAll((tds) => tds.every((td) => td.scrollWidth <= td.clientWidth + 1));
  expect(fits).toBe(true);
  const boxes = await analysisRow.locator('td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
  for (let k = 1; k < boxes.length; k++) expect(boxes[k]!.left).toBeGreaterThanOrEqual(boxes[k - 1]!.right - 1);
  const actions = await analysisRow.locator('td').last().evaluate((td) => {
    const cell = td.getBoundingClientRect();
    return [...td.querySelectorAll('button')].map((b) => b.getBoundingClientRect()).every((b) => b.left >= cell.left - 0.5 && b.right <= cell.right + 0.5);
  });
  expect(actions).toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  await panel.screenshot({ path: resolve(ARTIFACTS, 'workspace-files-panel.png') });
  await page.screenshot({ path: resolve(ARTIFACTS, 'workspace-files-studio.png') });

  // "No" keeps it.
  const questions: string[] = [];
  page.once('dialog', (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await analysisRow.getByTestId('files-delete').click();
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toMatch(new RegExp(`^Delete the analysis ${analysisId} of fig6 w3 seed 41 minimize\\? .+ will be freed; this cannot be undone\\.$`));
  await expect(analysisRow).toBeVisible();

  // "Yes" deletes it: gone from the panel and from the workspace.
  page.once('dialog', (d) => void d.accept());
  await analysisRow.getByTestId('files-delete').click();
  await expect(analysisRow).toHaveCount(0);
  await expect(exportRow).toBeVisible();
  const check = await connectStudioApi();
  try {
    expect((await check.call('analyses.list', {})).analyses.map((a) => a.analysisId)).not.toContain(analysisId);
  } finally {
    check.close();
  }

  // Open on the export selects its run (the inspector names it).
  await exportRow.getByTestId('files-open').click();
  await expect(page.getByTestId('panel-curves')).toBeVisible();
  expect(problems).toEqual([]);
});
