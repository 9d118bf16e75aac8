import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressPrinter } from '../../../main/cli/progress';

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { stdout: () => undefined, stderr: (s: string) => void lines.push(s), stderrIsTTY: false } };
}

describe('progressPrinter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the first update even within the interval of process start (a quick --resume says where it starts)', () => {
    vi.spyOn(performance, 'now').mockReturnValue(120); // 120 ms after process start
    const { lines, io } = captureIo();
    const p = progressPrinter(io as never, 'fig3c-scaling', 500);
    p.update('2/3 runs');
    expect(lines).toEqual(['fig3c-scaling: 2/3 runs\n']);
  });

  it('drops updates closer than the interval, then prints again', () => {
    const now = vi.spyOn(performance, 'now');
    const { lines, io } = captureIo();
    const p = progressPrinter(io as never, 'r', 500);
    now.mockReturnValue(10_000);
    p.update('1/3 runs');
    now.mockReturnValue(10_200);
    p.update('2/3 runs');
    now.mockReturnValue(10_600);
    p.update('3/3 runs');
    expect(lines).toEqual(['r: 1/3 runs\n', 'r: 3/3 runs\n']);
  });
});
