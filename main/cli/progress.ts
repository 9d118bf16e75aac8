/** Throttled progress lines on stderr for long-running commands (redrawn in place on a TTY). */
import type { CliIo } from './command';

export interface ProgressPrinter {
  update(text: string): void;
  done(): void;
}

export function progressPrinter(io: CliIo, label: string, intervalMs = 500): ProgressPrinter {
  let last = 0;
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
