/**
 * Bring your own network, as a user does it in the web host: Open… a PyTorch state_dict `.pt`
 * (written by torch, tests/fixtures/import/), fix its activations in the import dialog, see the
 * imported run, open its landscape and spectrum, export it back as `.pt` and load the download
 * with torch; then drop a JSON checkpoint on the window and see the dialog again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/import');
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `import-${name}.png`) });
}

async function openPanel(page: Page, id: string): Promise<void> {
  await page.getByTestId('open-panel').selectOption(id);
}

test('open a .pt, see the imported run, its landscape and spectrum, export it back as .pt', async ({ page }) => {
  test.setTimeout(300_000);
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');

  // Open… → the browser's file picker.
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-network').click();
  await (await chooser).setFiles(resolve(FIXTURES, 'softplus_2_3_1.pt'));
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('PyTorch');
  await expect(page.getByTestId('import-summary')).toContainText('2 → 3 → 1');
  await expect(page.getByTestId('import-summary')).toContainText('13 parameters');
  await expect(page.getByTestId('import-layers').locator('tbody tr')).toHaveCount(2);
  // A state_dict has no activations: the user says softplus (the output stays identity).
  await page.getByTestId('import-activation-0').selectOption('softplus');
  await expect(page.getByTestId('import-activation-1')).toHaveValue('identity');
  await page.getByTestId('import-teacher').selectOption('fig6');
  await page.getByTestId('import-name').fill('torch softplus');
  await shot(page, '01-dialog');
  await page.getByTestId('import-accept').click();
  await expect(dialog).toBeHidden();

  // The imported run is selected and listed with its origin.
  await expect(page.getByTestId('current-run')).toContainText('torch softplus');
  await expect(page.getByTestId('inspector-spec')).toContainText('imported from softplus_2_3_1.pt (pytorch)');

  await openPanel(page, 'spectrum');
  await expect(page.getByTestId('spectrum-summary')).toContainText('13 eigenvalues');
  await openPanel(page, 'landscape');
  await expect(page.getByTestId('landscape-status')).toHaveAttribute('data-ready', 'yes', { timeout: 120_000 });
  await shot(page, '02-imported');

  // Export network → a .pt download that torch loads into the matching nn.Sequential.
  await page.getByTestId('export-format').selectOption('pt');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-network').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('torch-softplus-final.pt');
  const path = resolve(ARTIFACTS, 'import-exported.pt');
  mkdirSync(ARTIFACTS, { recursive: true });
  await file.saveAs(path);
  const { X, outputs } = JSON.parse(readFileSync(resolve(FIXTURES, 'softplus_2_3_1.expected.json'), 'utf8')) as { X: number[][]; outputs: number[][] };
  const script = [
    'import json, sys, torch',
    'm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Softplus(), torch.nn.Linear(3, 1)).double()',
    'm.load_state_dict(torch.load(sys.argv[1]))',
    'print(json.dumps(m(torch.tensor(json.loads(sys.argv[2]), dtype=torch.float64)).detach().tolist()))',
  ].join('\n');
  const back = (JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path, JSON.stringify(X)], { encoding: 'utf8' })) as number[][]).flat();
  outputs.flat().forEach((y, k) => expect(Math.abs(back[k] - y)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(y))));
  await expect(page.getByTestId('network-status')).toContainText('downloaded torch-softplus-final.pt');

  // Drag and drop a JSON checkpoint onto the window: the same dialog, activations from the file.
  const json = readFileSync(resolve(FIXTURES, 'softplus_2_3_1.json'), 'utf8');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, json);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('import-drop')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-activation-0')).toHaveValue('softplus');
  await expect(page.getByTestId('import-summary')).toContainText('Escape Studio JSON');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(problems).toEqual([]);
});

test('an unreadable file is refused next to the Open… button, naming the file', async ({ page }) => {
  await page.goto(process.env.E2E_STUDIO_URL!);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');
  await page.getByTestId('open-network-input').setInputFiles({ name: 'notes.pt', mimeType: 'application/octet-stream', buffer: Buffer.from('just some text') });
  await expect(page.getByTestId('open-network-error')).toContainText('files.inspect: file: notes.pt:');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
});

test('open the 3→6→4→2 tanh net with its dataset file, see the run, open its spectrum', async ({ page }) => {
  test.setTimeout(180_000);
  const CHECKPOINTS = resolve(import.meta.dirname, '../fixtures/checkpoints');
  const { loss } = (JSON.parse(readFileSync(resolve(CHECKPOINTS, 'expected.json'), 'utf8')) as { nets: Record<string, { loss: number }> }).nets.tanh3;
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(process.env.E2E_STUDIO_URL!);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');
  await page.getByTestId('open-network-input').setInputFiles(resolve(CHECKPOINTS, 'tanh3.onnx'));
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('3 → 6 → 4 → 2');
  // No teacher has 3 inputs → 2 outputs: the dialog starts on "file…".
  await expect(page.getByTestId('import-data-file')).toBeChecked();
  await expect(page.getByTestId('import-accept')).toBeDisabled();
  // A dataset of the wrong size is refused, naming both shapes.
  await page.getByTestId('dataset-file-input').setInputFiles(resolve(CHECKPOINTS, 'softplus2_data.npz'));
  await expect(page.getByTestId('dataset-error')).toContainText('the inputs have 2 columns but the network expects 3 inputs');
  await expect(page.getByTestId('import-accept')).toBeDisabled();
  await page.getByTestId('dataset-file-input').setInputFiles(resolve(CHECKPOINTS, 'tanh3_data.npz'));
  await expect(page.getByTestId('dataset-summary')).toContainText('npz · 25 samples · 3 inputs → 2 targets');
  await expect(page.getByTestId('dataset-summary')).toContainText('inputs from "X", targets from "y"');
  await page.getByTestId('import-name').fill('tanh3 on its data');
  await shot(page, '03-dataset-dialog');
  await page.getByTestId('import-accept').click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('current-run')).toContainText('tanh3 on its data');
  await expect(page.getByTestId('inspector-dataset')).toContainText('stored dataset data-');
  await expect(page.getByTestId('inspector-dataset')).toContainText('N = 25');
  await openPanel(page, 'spectrum');
  await expect(page.getByTestId('spectrum-summary')).toContainText('62 eigenvalues');
  await shot(page, '04-dataset-run');
  // The run's loss is torch's on the dataset file (a teacher's data would give another number).
  await expect(page.getByTestId('inspector-result')).toContainText(loss.toExponential(3));
  expect(problems).toEqual([]);
});
