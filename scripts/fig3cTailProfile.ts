/**
 * What a fig3c run in the step-budget tail does (issue 12): one seed's recipe run (the fig3c train
 * payload's options, trainNetwork directly so every phase can be watched), printed per window of
 * flow steps: ODE time, mean step h = Δt/Δsteps, best loss and its relative fall in the window,
 * ‖∇L‖ (of the flow field: projected when sliding); then each phase's stop reason and notes
 * (kink sliding entries / releases, explicit fallback steps, early-switch probes).
 *
 *   npx tsx scripts/fig3cTailProfile.ts SEED [SEED…] [--window 2000] [--option name=value …] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { fig3cRecipe } from '../main/recipes/fig3c';
import { TASKS } from '../contract/tasks';
import { trainOptionsFromSpec } from '../native-workers/tasks/trainOptions';
import { teacherData } from '../native-workers/tasks/inputs';
import { initialize, Rng, trainNetwork, twoLayerArchitecture, type TrainOptions, type ProgressInfo } from '../native-workers/engine';

const argv = process.argv.slice(2);
const windowArg = argv.indexOf('--window');
const window = windowArg >= 0 ? Number(argv[windowArg + 1]) : 2000;
const jsonArg = argv.indexOf('--json');
const extra: Record<string, unknown> = {};
argv.forEach((a, i) => {
  if (a !== '--option') return;
  const [key, ...rest] = argv[i + 1].split('=');
  extra[key] = JSON.parse(rest.join('='));
});
const seeds = argv.filter((a, i) => /^\d+$/.test(a) && !['--window', '--option', '--json'].includes(argv[i - 1] ?? '')).map(Number);

const profiles = seeds.map((seed) => {
  const width = Math.floor(seed / 100000);
  const params = fig3cRecipe.resolve({ widths: [width], seeds: (seed % 100000) + 1 });
  const job = fig3cRecipe.plan(params).find((j) => j.planned.seed === seed)!;
  const { spec } = TASKS.train.payload.parse(job.payload);
  const data = teacherData('fig3c', undefined, 0);
  const architecture = twoLayerArchitecture(2, width, 1, 'relu');
  const theta = initialize(architecture, spec.init, new Rng(seed));
  const samples: ProgressInfo[] = [];
  const cpu0 = process.cpuUsage();
  const out = trainNetwork({ architecture, theta }, data, {
    ...trainOptionsFromSpec(spec),
    ...(extra as Partial<TrainOptions>),
    progressEvery: 50,
    onProgress: (_, info) => samples.push(info),
  });
  const cpu = process.cpuUsage(cpu0);
  console.log(`\n=== seed ${seed} (m = ${width}): L = ${out.loss.toExponential(4)}, ${out.steps} steps, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`);
  for (const p of out.phases) console.log(`  ${p.method}: ${p.stoppedBy}, ${p.steps} steps, t = ${p.time.toExponential(3)}; ${p.notes.join(' | ')}`);
  const flow = samples.filter((s) => s.phase.startsWith('flow'));
  const rows: { step: number; time: number; h: number; bestLoss: number; fall: number; gradNorm: number }[] = [];
  let last: ProgressInfo | null = null;
  for (const s of flow) {
    if (last && s.step < last.step) last = null; // a new flow round
    if (!last) {
      last = s;
      continue;
    }
    if (s.step - last.step < window) continue;
    rows.push({ step: s.step, time: s.time, h: (s.time - last.time) / (s.step - last.step), bestLoss: s.bestLoss, fall: (last.bestLoss - s.bestLoss) / last.bestLoss, gradNorm: s.gradNorm });
    last = s;
  }
  for (const r of rows)
    console.log(`  step ${String(r.step).padStart(6)}  t ${r.time.toExponential(3)}  h ${r.h.toExponential(2)}  best L ${r.bestLoss.toExponential(6)}  fall ${r.fall.toExponential(2)}  |g| ${r.gradNorm.toExponential(2)}`);
  return { seed, loss: out.loss, steps: out.steps, cpuSeconds: (cpu.user + cpu.system) / 1e6, phases: out.phases.map((p) => ({ method: p.method, stoppedBy: p.stoppedBy, steps: p.steps, time: p.time, notes: p.notes })), windows: rows };
});
if (jsonArg >= 0) writeFileSync(argv[jsonArg + 1], JSON.stringify(profiles, null, 1));
