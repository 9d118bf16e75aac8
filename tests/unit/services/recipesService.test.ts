/**
 * `recipes.*` end to end on a real studio (compute worker, temporary workspace): the list carries
 * the registry's captions and defaults; figD6 runs as a job and `recipes.get` returns its summary
 * (checked against hand-computed counts: T(4,5) = 360) and the figure; a small fig3c run is
 * cancelled after its first finished run and resumed, and the resumed folder holds every planned
 * run exactly once, the runs from before the cancel unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('recipes-service');


async function rejection(p: Promise<unknown>): Promise<StudioError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected the call to fail');
}

const runIds = (folder: string): string[] =>
  readFileSync(join(folder, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe('recipes', () => {
  it('lists every recipe with its caption and the paper-scale defaults', async () => {
    const { recipes } = await studio.api.call('recipes.list', {});
    const fig3c = recipes.find((r) => r.name === 'fig3c-scaling');
    expect(fig3c?.caption).toMatch(/Fig\. 3c|3c/);
    expect(fig3c?.parameters).toContainEqual({ key: 'seeds', default: 4000 });
    expect(recipes.map((r) => r.name)).toContain('figD6-counts');
  });

  it('runs figD6 as a job and returns its summary and figure', async () => {
    const before = await studio.api.call('recipes.get', { name: 'figD6-counts' });
    expect(before.recipeId).toBeNull();
    const started = await studio.api.call('recipes.start', { name: 'figD6-counts' });
    expect(await studio.settled(started.jobId)).toMatchObject({ type: 'job.done', payload: { kind: 'recipe', jobId: started.jobId } });
    const got = await studio.api.call('recipes.get', { name: 'figD6-counts' });
    expect(got).toMatchObject({ recipeId: started.recipeId, complete: true, running: false, plannedRuns: 0 });
    // T(4,5) = 360: issue 12's hand-computed value (eq. 19).
    expect((got.summary as { examples: Record<string, string> }).examples['T(4,5)']).toBe('360');
    expect(got.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(got.folder).toBe(join(studio.dir, 'recipes', started.recipeId));
  });

  it('refuses bad requests in the user’s words', async () => {
    expect((await rejection(studio.api.call('recipes.start', { name: 'fig9' }))).message).toMatch(/unknown recipe 'fig9' \(known: .*fig3c-scaling/);
    const bad = await rejection(studio.api.call('recipes.start', { name: 'fig3c-scaling', params: { seeds: 0 } }));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toMatch(/--seeds must be an integer in 1\.\.100000, got 0/);
    expect((await rejection(studio.api.call('recipes.start', { name: 'fig3c-scaling', params: { colour: 3 } }))).message).toMatch(/no parameter 'colour'/);
    expect((await rejection(studio.api.call('recipes.start', { name: 'fig3c-scaling', resume: true }))).message).toMatch(/no unfinished run to resume/);
  });

  it('cancels a fig3c run after its first finished run and resumes it to completion', async () => {
    const params = { seeds: 2, widths: [4, 5], samples: 60, maxSteps: 400 };
    const started = await studio.api.call('recipes.start', { name: 'fig3c-scaling', params });
    await new Promise<void>((resolve) => {
      const unsubscribe = studio.api.subscribe((e) => {
        if (e.type === 'job.progress' && e.payload.jobId === started.jobId && e.payload.step >= 1) {
          unsubscribe();
          void studio.api.call('jobs.cancel', { jobId: started.jobId }).then(() => resolve());
        }
      });
    });
    const cancelled = await studio.settled(started.jobId);
    expect(cancelled).toMatchObject({ type: 'job.failed', payload: { cancelled: true } });
    const halfway = await studio.api.call('recipes.get', { name: 'fig3c-scaling' });
    expect(halfway).toMatchObject({ recipeId: started.recipeId, complete: false, plannedRuns: 4, svg: null });
    expect(halfway.finishedRuns).toBeGreaterThanOrEqual(1);
    expect(halfway.finishedRuns).toBeLessThan(4);
    const kept = readFileSync(join(halfway.folder!, 'runs.jsonl'), 'utf8').split('\n').filter((l) => l !== '');

    const resumed = await studio.api.call('recipes.start', { name: 'fig3c-scaling', resume: true });
    expect(resumed.recipeId).toBe(started.recipeId);
    const firstStep = new Promise<number>((resolve) => {
      const unsubscribe = studio.api.subscribe((e) => {
        if (e.type === 'job.progress' && e.payload.jobId === resumed.jobId) {
          unsubscribe();
          resolve(e.payload.step);
        }
      });
    });
    expect(await studio.settled(resumed.jobId)).toMatchObject({ type: 'job.done' });
    // The resumed job starts counting at the runs already on disk (none is run twice).
    expect(await firstStep).toBe(halfway.finishedRuns);
    const done = await studio.api.call('recipes.get', { name: 'fig3c-scaling' });
    expect(done).toMatchObject({ complete: true, plannedRuns: 4, finishedRuns: 4, parameters: params });
    expect(done.svg).toContain('<svg');
    const ids = runIds(done.folder!);
    expect(new Set(ids).size).toBe(4);
    expect(readFileSync(join(done.folder!, 'runs.jsonl'), 'utf8').split('\n').slice(0, kept.length)).toEqual(kept);
  });
});
