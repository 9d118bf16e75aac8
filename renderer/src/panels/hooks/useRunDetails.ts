/** Loads `runs.get` for the given run ids (cached per run; stored runs never change). */
import { useEffect, useState } from 'react';
import type { StudioApi } from '../../../../contract/api';
import type { RunDetail } from '../../../../contract/runs';

const cache = new Map<string, Promise<RunDetail>>();

export function useRunDetails(api: StudioApi, runIds: readonly string[]): ReadonlyMap<string, RunDetail> {
  const [details, setDetails] = useState<ReadonlyMap<string, RunDetail>>(new Map());
  const key = runIds.join(',');
  useEffect(() => {
    let live = true;
    for (const runId of runIds) {
      let pending = cache.get(runId);
      if (!pending) {
        pending = api.call('runs.get', { runId });
        cache.set(runId, pending);
        pending.catch(() => cache.delete(runId));
      }
      pending
        .then((detail) => {
          if (live) setDetails((prev) => (prev.get(runId) === detail ? prev : new Map(prev).set(runId, detail)));
        })
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [api, key]);
  return details;
}
