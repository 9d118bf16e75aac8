/**
 * A batch cancelled through the API is shown as cancelled — "cancelled, k of n finished" with
 * Resume and Discard — by a page opened afterwards (the state comes from batch.json, issue 14);
 * Discard asks, then deletes the batch.
 */
import { expect, test } from '@playwright/test';
import { connectStudioApi, studioUrl } from './fixtures/studioApi';

test('a cancelled batch reads "cancelled, 0 of 3 finished" with Resume / Discard; Discard deletes it', async ({ page }) => {
  test.setTimeout(180_000);
  const api = await connectStudioApi();
  let batchId: string;
  try {
    // A tiny step and a huge step budget: the runs cannot finish before the cancel.
    const started = await api.call('experiments.start', {
      teacher: 'fig6',
      width: 3,
      seeds: [70, 71, 72],
      method: 'gd',
      budgets: { maxSteps: 50_000_000, learningRate: 1e-12 },
      settings: { polish: false },
      name: 'cancel e2e',
    });
    batchId = started.batchId!;
    expect((await api.call('jobs.cancel', { batchId })).cancelled).toBe(3);
    await expect.poll(async () => (await api.call('runs.list', {})).batches.find((b) => b.batchId === batchId)?.state, { timeout: 30_000 }).toBe('cancelled');
  } finally {
    api.close();
  }

  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(studioUrl());
  await page.getByTestId('open-panel').selectOption('batch');
  const view = page.getByTestId('batch-view');
  await view.getByTestId('batch-select').selectOption(batchId);
  const line = view.getByTestId('batch-interrupted');
  await expect(line).toHaveAttribute('data-state', 'cancelled');
  await expect(line).toContainText('cancelled, 0 of 3 finished —');
  await expect(line.getByTestId('batch-resume')).toHaveText('Resume');
  await expect(line.getByTestId('batch-discard')).toHaveText('Discard');

  const questions: string[] = [];
  page.once('dialog', (d) => {
    questions.push(d.message());
    void d.accept();
  });
  await line.getByTestId('batch-discard').click();
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toBe('Delete batch cancel e2e and its 0 stored runs?');
  const check = await connectStudioApi();
  try {
    await expect.poll(async () => (await check.call('runs.list', {})).batches.some((b) => b.batchId === batchId)).toBe(false);
  } finally {
    check.close();
  }
  expect(problems).toEqual([]);
});
