/**
 * Data out, as a user does it in the web host: train a 2-seed batch, "Export table" (CSV read by
 * Python's csv module: one row per run with its seed), open a run's landscape and "Export
 * surface…" as loss-landscape .h5 (h5py: xcoordinates / ycoordinates / train_loss, centre = the
 * file's loss at θ₀) and as ParaView .vtp (XML: grid points + the trajectory polyline).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

function python<T>(script: string, path: string): T {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as T;
}

async function download(page: Page, button: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, `data-out-${name}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

test('export a batch table and a landscape surface (.h5, .vtp) from the studio', async ({ page }) => {
  test.setTimeout(300_000);
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);

  await page.getByTestId('new-experiment').click();
  const form = page.getByTestId('start-form');
  await form.locator('select[name=teacher]').selectOption('fig6');
  await form.locator('input[name=width]').fill('3');
  await form.locator('select[name=method]').selectOption('minimize');
  await form.locator('input[name=seed]').fill('31');
  await form.locator('input[name=seeds]').fill('2');
  await form.locator('input[name=maxSteps]').fill('300');
  await page.getByTestId('start-button').click();

  await page.getByTestId('open-panel').selectOption('batch');
  const view = page.getByTestId('batch-view');
  const select = view.getByTestId('batch-select');
  await select.selectOption(await select.locator('option').first().getAttribute('value'));
  await expect(view.getByTestId('batch-status')).toHaveText(/^2 runs finished/, { timeout: 120_000 });

  const csv = await download(page, 'export-table', 'table');
  await expect(view.getByTestId('batch-export-status')).toContainText('downloaded');
  const rows = python<{ seed: string; final_loss: string }[]>(`import sys, csv, json\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))`, csv);
  expect(rows.map((r) => r.seed).sort()).toEqual(['31', '32']);
  expect(rows.every((r) => Number.isFinite(Number(r.final_loss)))).toBe(true);

  await view.getByTestId('batch-run-row').first().click();
  await expect(page.getByTestId('landscape-status')).toHaveText('65×65', { timeout: 120_000 });
  const h5 = await download(page, 'export-surface', 'surface');
  await expect(page.getByTestId('surface-export-status')).toContainText('downloaded');
  const r = python<{ keys: string[]; shape: number[]; centre: number; origin: number; trajectory: number }>(
    `import sys, json, h5py\nf = h5py.File(sys.argv[1], 'r')\nprint(json.dumps({'keys': sorted(f.keys()), 'shape': list(f['train_loss'].shape), 'centre': float(f['train_loss'][32, 32]), 'origin': float(f['origin_loss'][0]), 'trajectory': len(f['trajectory_x'])}))`,
    h5,
  );
  expect(r.keys).toEqual(expect.arrayContaining(['xcoordinates', 'ycoordinates', 'train_loss', 'theta0']));
  expect(r.shape).toEqual([65, 65]);
  expect(Math.abs(r.centre - r.origin)).toBeLessThanOrEqual(1e-12 * Math.max(r.origin, 1e-300));
  expect(r.trajectory).toBeGreaterThan(2);

  await page.getByTestId('surface-format').selectOption('vtp');
  const vtp = await download(page, 'export-surface', 'surface');
  const piece = python<Record<string, string>>(`import sys, json\nimport xml.etree.ElementTree as ET\nprint(json.dumps(next(ET.parse(sys.argv[1]).getroot().iter('Piece')).attrib))`, vtp);
  expect(piece).toMatchObject({ NumberOfPoints: String(65 * 65 + r.trajectory), NumberOfPolys: String(64 * 64), NumberOfLines: '1' });
  await page.screenshot({ path: resolve(ARTIFACTS, 'data-out-landscape.png') });
  expect(problems).toEqual([]);
});
