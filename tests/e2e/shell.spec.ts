import { expect, test } from '@playwright/test';

test('start a small training from the UI, watch it reach 100%, see the run listed with its final loss', async ({ page }) => {
  const url = process.env.E2E_STUDIO_URL;
  if (!url) throw new Error('E2E_STUDIO_URL is not set (global setup did not run)');
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });

  await page.goto(url);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');
  // The token left the address bar (kept in sessionStorage for reloads).
  expect(page.url()).not.toContain('token=');

  // Other specs share this server: count what is there before.
  await expect(page.getByTestId('run-list').or(page.getByText('No runs in this workspace yet.'))).toBeVisible();
  const runsBefore = await page.getByTestId('run-row').count();

  await page.getByTestId('new-experiment').click();
  const form = page.getByTestId('start-form');
  await form.locator('select[name=teacher]').selectOption('fig6');
  await form.locator('input[name=width]').fill('3');
  await form.locator('select[name=method]').selectOption('minimize');
  await form.locator('input[name=seed]').fill('1');
  await form.locator('input[name=seeds]').fill('1');
  await page.getByTestId('start-button').click();

  const job = page.getByTestId('job-row').first();
  await expect(job).toBeVisible();
  await expect(job.getByTestId('progress-bar')).toHaveAttribute('aria-valuenow', '100');
  await expect(job).toHaveAttribute('data-state', 'done');

  await expect(page.getByTestId('run-row')).toHaveCount(runsBefore + 1);
  const run = page.getByTestId('run-row').first(); // newest first
  await expect(run).toContainText('fig6');
  await expect(run.getByTestId('run-final-loss')).toHaveText(/^\d\.\d{3}e[-+]\d+$/);
  await page.screenshot({ path: 'test-results/e2e-shell-run-finished.png', fullPage: true });

  // After a reload the run is still listed (it came from the workspace, not from memory).
  await page.reload();
  await expect(page.getByTestId('run-row')).toHaveCount(runsBefore + 1);
  expect(problems).toEqual([]);
});

test('a bad field is named next to it in the form’s words, and Run waits until it is fixed', async ({ page }) => {
  await page.goto(process.env.E2E_STUDIO_URL!);
  await expect(page.getByTestId('host-kind')).toHaveText('web host');
  await page.getByTestId('new-experiment').click();
  await page.getByTestId('start-form').locator('input[name=width]').fill('0');
  await expect(page.getByTestId('field-error-width')).toHaveText('Width must be a whole number ≥ 1');
  await expect(page.getByTestId('start-button')).toBeDisabled();
  await page.getByTestId('start-form').locator('input[name=width]').fill('3');
  await expect(page.getByTestId('field-error-width')).toHaveCount(0);
  await expect(page.getByTestId('start-button')).toBeEnabled();
});
