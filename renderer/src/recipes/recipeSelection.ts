/** Which paper recipe the Recipes panel shows: set by the run browser's Recipes entries and the panel's own list. */
import { useSyncExternalStore } from 'react';

let selected: string | null = null;
const listeners = new Set<() => void>();

export function selectRecipe(name: string): void {
  if (selected === name) return;
  selected = name;
  for (const l of listeners) l();
}

export function useSelectedRecipe(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => selected,
  );
}

/** recipe name → the job last started for it from this window (Cancel and the progress bar follow it). */
const jobs = new Map<string, string>();
export const recipeJob = {
  get: (name: string): string | undefined => jobs.get(name),
  set: (name: string, jobId: string): void => void jobs.set(name, jobId),
};
