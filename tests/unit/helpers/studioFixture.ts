/** A real StudioService (compute worker, temporary workspace) opened before a test file and shut down after it. */
import { afterAll, beforeAll, expect } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { tempDir } from './service';

export interface StudioFixture {
  readonly api: StudioApi;
  readonly service: StudioService;
  /** The workspace folder. */
  readonly dir: string;
  /** Every event the API emitted, in order. */
  readonly events: StudioEvent[];
  /** The job's `job.done` or `job.failed` event (already emitted or still to come). */
  settled(jobId: string): Promise<StudioEvent>;
}

/** The StudioError a call was refused with (fails the test when it succeeds or throws anything else). */
export async function refused(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

export function useStudioService(prefix: string): StudioFixture {
  const dir = tempDir(prefix);
  let service: StudioService | undefined;
  let api: StudioApi | undefined;
  const events: StudioEvent[] = [];
  beforeAll(async () => {
    service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
    api = localStudioApi(service);
    api.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await service?.shutdown();
    dir.remove();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the studio service is used before beforeAll opened it');
    return value;
  };
  return {
    get api() {
      return opened(api);
    },
    get service() {
      return opened(service);
    },
    dir: dir.path,
    events,
    settled(jobId) {
      return new Promise((resolve) => {
        const check = (e: StudioEvent): boolean => {
          if ((e.type === 'job.done' || e.type === 'job.failed') && e.payload.jobId === jobId) {
            unsubscribe();
            resolve(e);
            return true;
          }
          return false;
        };
        const unsubscribe = opened(api).subscribe(check);
        for (const e of events) if (check(e)) return;
      });
    },
  };
}
