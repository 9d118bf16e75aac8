/**
 * The service's run queue: a batch is ONE item (its seeds and pre-assigned ids) that expands
 * lazily — only `window` runs are handed to the worker pool at a time, the next one when one of
 * them settles. Ten 10,000-seed requests therefore cost a few hundred kilobytes, not 100,000 pool
 * jobs, and cancelling a batch drops its pending seeds at once.
 */
import type { JobInfo } from '../../contract/jobs';

export interface PendingRun {
  readonly jobId: string;
  readonly runId: string;
  readonly seed: number;
}

interface Item {
  readonly batchId: string | null;
  readonly runs: PendingRun[];
  readonly queuedAt: number;
  /** Index of the next run to launch. */
  next: number;
  readonly launch: (run: PendingRun) => void;
}

export class BatchQueue {
  private readonly items: Item[] = [];
  /** Job ids launched by this queue and not yet settled. */
  private readonly inFlight = new Set<string>();
  private pendingTotal = 0;

  /** `window()`: how many launched runs may be unsettled at once (read on every refill). */
  constructor(private readonly window: () => number) {}

  /** Runs waiting to be launched. */
  get pending(): number {
    return this.pendingTotal;
  }

  /** Runs launched and not yet settled. */
  get launched(): number {
    return this.inFlight.size;
  }

  add(batchId: string | null, runs: PendingRun[], launch: (run: PendingRun) => void): void {
    if (runs.length === 0) return;
    this.items.push({ batchId, runs, queuedAt: Date.now(), next: 0, launch });
    this.pendingTotal += runs.length;
    this.refill();
  }

  /** A job settled (any job; ids this queue did not launch are ignored). */
  settled(jobId: string): void {
    if (this.inFlight.delete(jobId)) this.refill();
  }

  private refill(): void {
    while (this.inFlight.size < Math.max(1, this.window()) && this.items.length > 0) {
      const item = this.items[0];
      const run = item.runs[item.next++];
      if (item.next >= item.runs.length) this.items.shift();
      this.pendingTotal--;
      this.inFlight.add(run.jobId);
      item.launch(run);
    }
  }

  /** Removes pending runs of a batch (or the one pending run with `jobId`); returns what was removed. */
  cancel(match: { jobId?: string; batchId?: string }): Array<PendingRun & { batchId: string | null }> {
    const removed: Array<PendingRun & { batchId: string | null }> = [];
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (match.batchId !== undefined && item.batchId === match.batchId) {
        for (let k = item.next; k < item.runs.length; k++) removed.push({ ...item.runs[k], batchId: item.batchId });
        this.pendingTotal -= item.runs.length - item.next;
        this.items.splice(i, 1);
      } else if (match.jobId !== undefined) {
        const at = item.runs.findIndex((r, k) => k >= item.next && r.jobId === match.jobId);
        if (at < 0) continue;
        removed.push({ ...item.runs[at], batchId: item.batchId });
        item.runs.splice(at, 1);
        this.pendingTotal--;
        if (item.next >= item.runs.length) this.items.splice(i, 1);
      }
    }
    return removed;
  }

  cancelAll(): Array<PendingRun & { batchId: string | null }> {
    const removed: Array<PendingRun & { batchId: string | null }> = [];
    for (const item of this.items.splice(0)) for (let k = item.next; k < item.runs.length; k++) removed.push({ ...item.runs[k], batchId: item.batchId });
    this.pendingTotal = 0;
    return removed;
  }

  /** Batches with runs still waiting here. */
  pendingBatches(): Set<string> {
    const out = new Set<string>();
    for (const item of this.items) if (item.batchId !== null) out.add(item.batchId);
    return out;
  }

  /** Pending runs `offset … offset + limit − 1` (in launch order) as queued JobInfo rows. */
  page(offset: number, limit: number): JobInfo[] {
    const out: JobInfo[] = [];
    let skip = offset;
    for (const item of this.items) {
      const count = item.runs.length - item.next;
      if (skip >= count) {
        skip -= count;
        continue;
      }
      for (let k = item.next + skip; k < item.runs.length && out.length < limit; k++) {
        const run = item.runs[k];
        out.push({
          jobId: run.jobId,
          kind: 'train',
          runId: run.runId,
          batchId: item.batchId,
          seed: run.seed,
          state: 'queued',
          progress: 0,
          loss: null,
          step: 0,
          message: null,
          queuedAt: item.queuedAt,
        });
      }
      skip = 0;
      if (out.length >= limit) break;
    }
    return out;
  }
}
