/**
 * `escape-studio figure spectrum|curves|weights|hierarchy … --out F.svg|F.png`: the studio's 2D
 * panels as files, without a window. The figures are the studio's own React components
 * (renderer/src/figures) rendered with react-dom/server; PNG through @resvg/resvg-js, with the
 * DPI (96 × scale) written into the file.
 */
import { existsSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { HierarchyFigure } from '../../renderer/src/figures/HierarchyFigure';
import { LossCurvesFigure } from '../../renderer/src/figures/LossCurvesFigure';
import { setPngDpi } from '../../renderer/src/figures/pngDpi';
import { SpectrumFigure } from '../../renderer/src/figures/SpectrumFigure';
import { figureSvg } from '../../renderer/src/figures/svgString';
import { themeByName, type FigureTheme } from '../../renderer/src/figures/theme';
import { WeightSpaceFigure } from '../../renderer/src/figures/WeightSpaceFigure';
import { teacherDataset } from '../../native-workers/engine';
import { defaultWorkspaceDir } from '../workspace/location';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { curveOf, exploredProps, runLabel, runsHierarchyProps, runTheta, spectrumProps, weightsProps } from './figureData';
import { checkWorkspace, listRuns, loadHierarchy, loadRun } from './figureSources';
import { isTeacherName, loadData, loadNetwork } from './inputs';

const KINDS = ['spectrum', 'curves', 'weights', 'hierarchy'] as const;
type Kind = (typeof KINDS)[number];

const FLAGS = {
  run: 'string',
  workspace: 'string',
  which: 'string',
  snapshot: 'integer',
  checkpoint: 'string',
  data: 'string',
  teacher: 'string',
  samples: 'integer',
  'data-seed': 'integer',
  hierarchy: 'string',
  out: 'string',
  width: 'integer',
  height: 'integer',
  scale: 'number',
  'time-scale': 'string',
  title: 'string',
  theme: 'string',
} as const;

const DEFAULT_SIZE: Record<Kind, { width: number; height: number }> = {
  spectrum: { width: 640, height: 360 },
  curves: { width: 640, height: 360 },
  weights: { width: 480, height: 420 },
  hierarchy: { width: 640, height: 440 },
};
const MAX_SIDE = 8192;

const USAGE =
  'figure spectrum|curves|weights|hierarchy --out FIG.svg|FIG.png [--width W] [--height H] [--scale S (PNG: pixels = size × S, dpi = 96 × S; default 1)]\n' +
  '    [--title TEXT] [--theme print|light|dark (default print)]\n' +
  '  spectrum:  --run ID [--which final|initial] [--snapshot K] [--workspace DIR]\n' +
  '             | --checkpoint C.json (--data D.json | --teacher fig3a|fig3c|fig6 [--samples N] [--data-seed S])\n' +
  '  curves:    --run ID[,ID…] [--workspace DIR] [--time-scale log|linear]\n' +
  '  weights:   --run ID [--workspace DIR]\n' +
  '  hierarchy: --hierarchy ID [--workspace DIR]   (a stored exploration)\n' +
  "             | --teacher T [--workspace DIR]    (the workspace's runs of that teacher)\n" +
  '  The workspace is only read (a running `escape-studio serve` may keep it open).';

function positive(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 50) || value > max) throw new UsageError(`--${name} must be between 50 and ${max} pixels, got ${value}`);
  return value;
}

export const figureCommand: CliCommand = {
  name: 'figure',
  usage: USAGE,
  async run(argv, io) {
    const [kindArg, ...rest] = argv;
    if (!kindArg || !(KINDS as readonly string[]).includes(kindArg))
      throw new UsageError(kindArg ? `unknown figure '${kindArg}' (known: ${KINDS.join(', ')})` : `which figure? (${KINDS.join(', ')})`);
    const kind = kindArg as Kind;
    const flags = parseFlags(rest, FLAGS);

    // Everything about the output is checked before any work.
    if (flags.out === undefined) throw new UsageError('--out is required (FIG.svg or FIG.png)');
    const out = resolve(io.cwd, flags.out);
    const format = extname(out).toLowerCase();
    if (format !== '.svg' && format !== '.png') throw new UsageError(`--out must end in .svg or .png, got '${basename(out)}'`);
    if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) throw new UsageError(`--out: the folder ${dirname(out)} does not exist`);
    const width = positive('width', flags.width, DEFAULT_SIZE[kind].width, MAX_SIDE);
    const height = positive('height', flags.height, DEFAULT_SIZE[kind].height, MAX_SIDE);
    const scale = flags.scale ?? 1;
    if (!(scale > 0) || width * scale > MAX_SIDE || height * scale > MAX_SIDE)
      throw new UsageError(`--scale must be > 0 with width × scale and height × scale at most ${MAX_SIDE} pixels (got ${width}×${height} × ${scale})`);
    if (format === '.svg' && flags.scale !== undefined) throw new UsageError('--scale applies to PNG output only (an SVG is vector)');
    const themeName = flags.theme ?? 'print';
    if (themeName !== 'print' && themeName !== 'light' && themeName !== 'dark') throw new UsageError(`--theme must be print, light or dark, got '${themeName}'`);
    const timeScale = flags['time-scale'] ?? 'log';
    if (timeScale !== 'log' && timeScale !== 'linear') throw new UsageError(`--time-scale must be log or linear, got '${timeScale}'`);
    const which = flags.which ?? 'final';
    if (which !== 'final' && which !== 'initial') throw new UsageError(`--which must be final or initial, got '${which}'`);

    const theme = themeByName(themeName);
    const workspace = () => checkWorkspace(flags.workspace !== undefined ? resolve(io.cwd, flags.workspace) : defaultWorkspaceDir());
    const size = { width, height, theme };
    const element = await figureElement(kind, flags, { size, theme, timeScale, which, workspace, cwd: io.cwd });
    const svg = figureSvg(element);
    const bytes = format === '.svg' ? new TextEncoder().encode(svg) : await toPng(svg, scale);
    // Temp file + rename: an interrupted write never leaves a half figure under the real name.
    const temp = `${out}.tmp-${process.pid}`;
    await writeFile(temp, bytes);
    await rename(temp, out);
    io.stderr(`wrote ${flags.out} (${format === '.png' ? `${Math.round(width * scale)}×${Math.round(height * scale)} px, ${Math.round(96 * scale)} dpi` : `${width}×${height}, vector`})\n`);
    return 0;
  },
};

interface Context {
  readonly size: { width: number; height: number; theme: FigureTheme };
  readonly theme: FigureTheme;
  readonly timeScale: 'log' | 'linear';
  readonly which: 'final' | 'initial';
  readonly cwd: string;
  workspace(): Promise<string>;
}

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

function only(flags: Flags, allowed: readonly (keyof typeof FLAGS)[], kind: Kind): void {
  const common = ['out', 'width', 'height', 'scale', 'title', 'theme', 'workspace'];
  for (const name of Object.keys(flags))
    if (!common.includes(name) && !allowed.includes(name as keyof typeof FLAGS)) throw new UsageError(`--${name} does not apply to the ${kind} figure`);
}

async function figureElement(kind: Kind, flags: Flags, c: Context): Promise<ReactElement> {
  const title = flags.title;
  switch (kind) {
    case 'spectrum': {
      only(flags, ['run', 'which', 'snapshot', 'checkpoint', 'data', 'teacher', 'samples', 'data-seed'], kind);
      if ((flags.run === undefined) === (flags.checkpoint === undefined)) throw new UsageError('spectrum needs --run ID or --checkpoint FILE (one of them)');
      if (flags.run !== undefined) {
        if (flags.data !== undefined || flags.teacher !== undefined) throw new UsageError('--run brings its own data; --data/--teacher go with --checkpoint');
        const run = await loadRun(await c.workspace(), flags.run);
        const s = run.record.summary;
        const network = { architecture: run.record.architecture, theta: runTheta(run, c.which, flags.snapshot) };
        const data = teacherDataset(s.spec.teacher, { dataSeed: s.spec.dataSeed, ...(s.spec.samples !== null ? { samples: s.spec.samples } : {}) });
        const where = flags.snapshot !== undefined ? `snapshot ${flags.snapshot}` : `${c.which} point`;
        return createElement(SpectrumFigure, { ...c.size, ...spectrumProps(network, data), title: title ?? `${runLabel(s)} (${where})` });
      }
      const network = loadNetwork(flags.checkpoint!, c.cwd);
      const data = loadData({ data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'] }, c.cwd, network.architecture);
      return createElement(SpectrumFigure, { ...c.size, ...spectrumProps(network, data), title: title ?? basename(flags.checkpoint!) });
    }
    case 'curves': {
      only(flags, ['run', 'time-scale'], kind);
      if (flags.run === undefined) throw new UsageError('curves needs --run ID[,ID…] (loss curves are recorded by training runs)');
      const root = await c.workspace();
      const ids = flags.run.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const curves = [];
      for (const id of ids) curves.push(curveOf(await loadRun(root, id)));
      return createElement(LossCurvesFigure, { ...c.size, curves, timeScale: c.timeScale, cursorTime: null, ...(title ? { title } : {}) });
    }
    case 'weights': {
      only(flags, ['run'], kind);
      if (flags.run === undefined) throw new UsageError('weights needs --run ID (a run with a recorded trajectory)');
      const run = await loadRun(await c.workspace(), flags.run);
      return createElement(WeightSpaceFigure, { ...c.size, ...weightsProps(run), title: title ?? runLabel(run.record.summary) });
    }
    case 'hierarchy': {
      only(flags, ['hierarchy', 'teacher'], kind);
      if ((flags.hierarchy === undefined) === (flags.teacher === undefined))
        throw new UsageError('hierarchy needs --hierarchy ID (a stored exploration) or --teacher T (the workspace runs of that teacher)');
      const root = await c.workspace();
      if (flags.hierarchy !== undefined) {
        const record = await loadHierarchy(root, flags.hierarchy);
        const r = record.summary.request;
        return createElement(HierarchyFigure, { ...c.size, ...exploredProps(record), title: title ?? `${r.teacher}, widths ${record.summary.widths.join(', ')}` });
      }
      const teacher = flags.teacher!;
      if (!isTeacherName(teacher)) throw new UsageError(`unknown teacher '${teacher}' (known: fig3a, fig3c, fig6)`);
      const runs = (await listRuns(root)).filter((r) => r.spec.teacher === teacher);
      if (runs.length === 0) throw new Error(`no ${teacher} runs in the workspace ${root}`);
      return createElement(HierarchyFigure, { ...c.size, ...runsHierarchyProps(runs), title: title ?? `${teacher}: ${runs.length} runs` });
    }
  }
}

async function toPng(svg: string, scale: number): Promise<Uint8Array> {
  // Loaded on demand: the native rasterizer is only needed for PNG output.
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    // System fonts; the figures name Latin Modern / CMU / Times first and Liberation/DejaVu Serif after.
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Serif' },
  });
  return setPngDpi(new Uint8Array(resvg.render().asPng()), 96 * scale);
}
