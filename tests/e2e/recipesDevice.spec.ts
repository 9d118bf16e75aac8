/**
 * Issue 13 in the Recipes panel: fig3c-scaling offers Device = CPU / GPU / Auto (instead of a
 * `device` text field), a recipe without one says "CPU only". fig3c-scaling with 2 seeds of
 * width 4 (200 samples) and Device = GPU runs to completion; the panel names where its runs
 * trained — the GPU (SwiftShader here, a CPU emulation) or, without an adapter, the CPU with the
 * reason — and recipes.get says the same. Screenshot: tests/artifacts/recipes-device.png (copied
 * to docs/screenshots/studio-recipes-device.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { connectStudioApi, studioUrl } from './fixtures/studioApi';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

test('fig3c-scaling with Device = GPU completes and the panel says where its runs trained', async ({ page }) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(studioUrl());
  await page.getByTestId('browser-recipes').locator('summary').click();
  await page.getByTestId('browser-recipe-figD6-counts').click();
  const panel = page.getByTestId('recipes-panel');
  await expect(panel.getByTestId('recipe-device-hint')).toHaveText("Device: CPU only — this recipe's runs train on the CPU in float64.");
  await expect(panel.getByTestId('recipe-device')).toHaveCount(0);

  await panel.getByTestId('recipe-fig3c-scaling').click();
  const select = panel.getByTestId('recipe-device');
  await expect(select).toHaveValue('cpu');
  await expect(select.locator('option')).toHaveText(['CPU', 'GPU', 'Auto']);
  // The Device choice replaces the parameter's text field.
  await expect(panel.getByTestId('recipe-param-device')).toHaveCount(0);
  await panel.getByTestId('recipe-param-seeds').fill('2');
  await panel.getByTestId('recipe-param-widths').fill('4');
  await panel.getByTestId('recipe-param-samples').fill('200');
  await panel.getByTestId('recipe-param-maxSteps').fill('3000');
  await select.selectOption('gpu');
  await expect(panel.getByTestId('recipe-device-hint')).toContainText('GPU: all seeds of a width in f32 on the adapter');
  await panel.getByTestId('recipe-run').click();
  await expect(panel.getByTestId('recipe-status')).toContainText('complete: 2 / 2 runs', { timeout: 540_000 });
  const line = panel.getByTestId('recipe-device-line');
  await expect(line).toBeVisible();

  const api = await connectStudioApi();
  try {
    const state = await api.call('recipes.get', { name: 'fig3c-scaling' });
    expect(state.parameters).toMatchObject({ device: 'gpu', seeds: 2, widths: [4] });
    expect(state.device?.asked).toBe('gpu');
    if (state.device?.ran === 'gpu') {
      expect(state.device.note).toBeNull();
      await expect(line).toHaveAttribute('data-device', 'gpu');
      await expect(line).toHaveText('Device: GPU — f32 training on the adapter, then float64 polish + certificate on the CPU.');
    } else {
      expect(state.device?.ran).toBe('cpu');
      expect(state.device?.note).toMatch(/^device gpu: .+; the runs go to the CPU$/);
      await expect(line).toHaveAttribute('data-device', 'cpu');
      await expect(line).toContainText('Device: CPU — asked for the GPU, but ');
      await expect(line).not.toContainText('device gpu:');
    }
  } finally {
    api.close();
  }
  // The adapter beside the choice (asked on click).
  await panel.getByTestId('recipe-gpu').click();
  await expect(panel.getByTestId('recipe-gpu')).not.toHaveText('GPU: …', { timeout: 60_000 });
  await expect(panel.getByTestId('recipe-gpu')).toHaveText(/^(GPU: .+|no GPU \(batches run on the CPU\))$/);
  mkdirSync(ARTIFACTS, { recursive: true });
  await line.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: resolve(ARTIFACTS, 'recipes-device.png') });
  await page.screenshot({ path: resolve(ARTIFACTS, 'recipes-device-page.png') });
  expect(problems).toEqual([]);
});
