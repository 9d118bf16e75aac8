/**
 * Issue 13 in the studio: New experiment → fig3c, width 4, flow, 4 seeds, Device = GPU, every
 * other field at its default → Run. The batch finishes and its view names the device: the GPU,
 * or (no adapter here) the CPU with the fallback note in plain words. The request that reached
 * the host carried the device (batch.json's device/deviceNote come back in runs.list).
 * Screenshot: tests/artifacts/studio-device.png (copied to docs/screenshots/).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { connectStudioApi, studioUrl } from './fixtures/studioApi';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

test('a 4-seed fig3c flow batch with Device = GPU finishes and shows where it ran', async ({ page }) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(studioUrl());
  await page.getByTestId('new-experiment').click();
  const form = page.getByTestId('start-form');
  await form.locator('select[name=teacher]').selectOption('fig3c');
  await form.locator('input[name=width]').fill('4');
  await form.locator('select[name=method]').selectOption('minimize');
  // Not the GPU's method: the select is off and says why.
  await expect(form.getByTestId('device-select')).toBeDisabled();
  await expect(form.getByTestId('device-hint')).toContainText('CPU only — the GPU trains flow, gd and adam');
  await form.locator('select[name=method]').selectOption('flow');
  await expect(form.getByTestId('device-select')).toBeEnabled();
  await form.getByTestId('device-select').selectOption('gpu');
  await expect(form.getByTestId('device-hint')).toContainText('GPU: f32 flow on the adapter, then float64 polish + certificate on the CPU');
  await form.locator('input[name=seed]').fill('0');
  await form.locator('input[name=seeds]').fill('4');
  mkdirSync(ARTIFACTS, { recursive: true });
  await form.screenshot({ path: resolve(ARTIFACTS, 'studio-device-form.png') });
  await page.getByTestId('start-button').click();

  const view = page.getByTestId('batch-view');
  await expect(view).toBeVisible();
  const batchId = await view.getAttribute('data-batch-id');
  expect(batchId).not.toBeNull();
  const line = view.getByTestId('batch-device');
  await expect(line).toBeVisible();

  const api = await connectStudioApi();
  try {
    await expect.poll(async () => (await api.call('runs.list', {})).batches.find((b) => b.batchId === batchId)?.state, { timeout: 560_000, intervals: [2_000] }).toBe('finished');
    const batch = (await api.call('runs.list', {})).batches.find((b) => b.batchId === batchId)!;
    expect(batch).toMatchObject({ teacher: 'fig3c', width: 4, method: 'flow', seedCount: 4, finished: 4 });
    expect(batch.device === 'gpu' || batch.device === 'cpu').toBe(true);
    await expect(view.getByTestId('batch-success')).toHaveAttribute('data-runs', '4');
    if (batch.device === 'gpu') {
      expect(batch.deviceNote).toBeUndefined();
      await expect(line).toHaveText('Device: GPU — f32 flow on the adapter, then float64 polish + certificate on the CPU.');
    } else {
      // No adapter: batch.json says why, and the view says it in plain words.
      expect(batch.deviceNote).toMatch(/^device gpu: .+; this batch runs on the CPU$/);
      await expect(line).toHaveAttribute('data-device', 'cpu');
      await expect(line).toContainText('Device: CPU — asked for the GPU, but ');
      await expect(line).toContainText('; the batch ran on the CPU in float64.');
      await expect(line).not.toContainText('device gpu:');
    }
  } finally {
    api.close();
  }
  await page.screenshot({ path: resolve(ARTIFACTS, 'studio-device.png'), fullPage: true });
  // The form remembers the choice (localStorage), like its other fields.
  await page.reload();
  await page.getByTestId('new-experiment').click();
  await expect(page.getByTestId('device-select')).toHaveValue('gpu');
  expect(problems).toEqual([]);
});

test('a GPU request the kernel cannot train runs on the CPU, and the batch view says why', async ({ page }) => {
  test.setTimeout(300_000);
  const api = await connectStudioApi();
  let batchId: string;
  try {
    // Through the API (the form offers no GPU for minibatch Adam): the service's own fallback note.
    const started = await api.call('experiments.start', { teacher: 'fig3c', width: 4, seeds: [0, 1], method: 'adam', device: 'gpu', budgets: { maxSteps: 200 }, settings: { polish: false, batchSize: 64 } });
    expect(started).toMatchObject({ device: 'cpu' });
    expect(started.deviceNote).toContain('full-batch adam');
    batchId = started.batchId!;
    await expect.poll(async () => (await api.call('runs.list', {})).batches.find((b) => b.batchId === batchId)?.state, { timeout: 240_000, intervals: [2_000] }).toBe('finished');
  } finally {
    api.close();
  }
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(studioUrl());
  await page.getByTestId('open-panel').selectOption('batch');
  const view = page.getByTestId('batch-view');
  await view.getByTestId('batch-select').selectOption(batchId);
  const line = view.getByTestId('batch-device');
  await expect(line).toHaveAttribute('data-device', 'cpu');
  await expect(line).toHaveText('Device: CPU — asked for the GPU, but the GPU trains full-batch adam; minibatches (batchSize 64) run on the CPU; the batch ran on the CPU in float64.');
  await line.screenshot({ path: resolve(ARTIFACTS, 'studio-device-fallback.png') });
});
