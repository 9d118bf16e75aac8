/**
 * GPU f32 flow + CPU float64 finish vs the CPU train task alone, same fig3c seeds and
 * initializations (the reduced form of scripts/gpuAgreement.ts; full table in
 * docs/results/gpu-agreement-2026-12-02.txt): ≥ 95 % of the seeds end in the same outcome class
 * (success < 1e-25 / undecided / failure ≥ 1e-6), and the success fraction lies in the CPU one's
 * Wilson 95 % interval; fine classes (analyzePoint) match for ≥ 14 of 16, and the near-kink
 * handover (nearKinks.ts) matches at least as many as the finish without it. The 200-seed run:
 * docs/results/gpu-agreement-200-2026-12-02.txt. Runs on whatever adapter Dawn finds
 * (SwiftShader here).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../../native-workers/gpu/agreement';

const repo = join(__dirname, '../../..');

describe('gpu ↔ cpu agreement on fig3c', () => {
  it('16 seeds of m = 4: same outcome class for ≥ 95 %, success fraction inside the CPU Wilson interval, fine classes', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(__dirname, 'agreementChild.ts')], { cwd: repo, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
    const report = JSON.parse(stdout) as AgreementReport;
    const [w] = report.widths;
    expect(w).toMatchObject({ width: 4, seeds: 16 });
    expect(w!.sameOutcome / w!.seeds, JSON.stringify(report.disagreements)).toBeGreaterThanOrEqual(0.95);
    expect(w!.successWithinCpuInterval).toBe(true);
    // Fine classes (analyzePoint): the near-kink handover (nearKinks.ts) loses no seed the plain
    // finish from the f32 end point gets right, and ≥ 14 of 16 match the CPU run's class.
    expect(w!.plain).toBeDefined();
    expect(w!.sameClassification, JSON.stringify(w!.plain?.changed)).toBeGreaterThanOrEqual(w!.plain!.sameClassification);
    expect(w!.sameClassification, JSON.stringify(report.disagreements)).toBeGreaterThanOrEqual(14);
    // Every GPU student handed over (none still running), each disagreement carries its loss levels.
    expect(w!.gpuStops.running ?? 0).toBe(0);
    for (const d of report.disagreements) expect(Number.isFinite(d.gpu.loss) && Number.isFinite(d.cpu.loss)).toBe(true);
  }, 960_000);
});
