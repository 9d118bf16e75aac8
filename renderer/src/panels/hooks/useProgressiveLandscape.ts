/**
 * Progressive loss surface: asks `landscape` for 17 × 17 first, then 33, 65 (and finer), each
 * time handing back the previous grid so the worker computes only the new points. A new request
 * abandons the refinement in flight.
 */
import { useEffect, useState } from 'react';
import type { StudioApi } from '../../../../contract/api';
import type { Landscape, LandscapeRequest } from '../../../../contract/landscape';
import type { MethodParams } from '../../../../contract/methods';
import { progressiveResolutions } from '../landscapeData';

export interface ProgressiveLandscape {
  readonly landscape: Landscape | null;
  /** Projection of the requested points (from the first level). */
  readonly projection: Landscape['projection'] | null;
  readonly resolution: number | null;
  readonly finest: number;
  readonly computing: boolean;
  readonly error: string | null;
  /** The grid shown answers the current query and is at its finest resolution. */
  readonly ready: boolean;
}

export type LandscapeQuery = Omit<MethodParams<'landscape'>, 'resolution' | 'coarse'>;

export function useProgressiveLandscape(api: StudioApi, query: LandscapeQuery | null, finest: number): ProgressiveLandscape {
  const [state, setState] = useState<Omit<ProgressiveLandscape, 'ready'> & { key: string }>({
    landscape: null,
    projection: null,
    resolution: null,
    finest,
    computing: false,
    error: null,
    key: '',
  });
  const key = query ? `${finest}|${JSON.stringify(query)}` : '';
  useEffect(() => {
    if (!query) return;
    let live = true;
    setState((s) => ({ ...s, computing: true, error: null, finest }));
    (async () => {
      let previous: Landscape | null = null;
      let projection: Landscape['projection'] | null = null;
      for (const resolution of progressiveResolutions(finest)) {
        const request: MethodParams<'landscape'> = previous
          ? {
              ...query,
              project: [],
              alphaRange: previous.alphaRange as LandscapeRequest['alphaRange'],
              betaRange: previous.betaRange as LandscapeRequest['betaRange'],
              resolution,
              coarse: { resolution: previous.resolution, loss: previous.loss },
            }
          : { ...query, resolution };
        const result: Landscape = await api.call('landscape', request);
        if (!live) return;
        projection ??= result.projection;
        previous = result;
        const done = resolution === finest;
        setState({ landscape: result, projection, resolution, finest, computing: !done, error: null, key });
      }
    })().catch((error: Error) => {
      if (live) setState((s) => ({ ...s, computing: false, error: error.message, key }));
    });
    return () => {
      live = false;
    };
  }, [api, key, finest]);
  // A grid of an earlier query (another run or plane) is never shown with the current overlays.
  const current = state.key === key && key !== '';
  return {
    ...state,
    landscape: current ? state.landscape : null,
    projection: current ? state.projection : null,
    resolution: current ? state.resolution : null,
    ready: current && !state.computing && state.resolution === finest,
  };
}
