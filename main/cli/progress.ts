/** Throttled progress lines on stderr for long-running commands (redrawn in place on a TTY). */
import type { CliIo } from './command';

export interface ProgressPrinter {
  update(text: string): void;
  done(): void;
}

export function progressPrinter(io: CliIo, label: string, intervalMs = 500): ProgressPrinter {
  // -Infinity, not 0: performance.now() counts from process start, so a first update sent within
  // intervalMs of it (a quick --resume) would otherwise be dropped.
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(text) {
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      shown = true;
      if (io.stderrIsTTY) io.stderr(`\r\x1b[2K${label}: ${text}`);
      else io.stderr(`${label}: ${text}\n`);
    },
    done() {
      if (shown && io.stderrIsTTY) io.stderr('\n');
    },
  };
}
