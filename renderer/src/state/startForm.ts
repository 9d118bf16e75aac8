/**
 * The start form as one record: its defaults, checks that speak the form's words ("Width must be
 * a whole number ≥ 1"), and persistence so the choices survive a reload (localStorage, parsed
 * forgivingly: anything unknown falls back to the default).
 */
import { MAX_SEEDS_PER_BATCH } from '../../../contract/experiment';
import { DEVICES } from '../../../contract/gpu';
import { ACTIVATION_NAMES, INIT_SCHEMES, TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { SOLVERS, type StartFields } from '../components/startSpec';

export const FORM_STORAGE_KEY = 'escape-studio.start-form.v1';

export const DEFAULT_FIELDS: StartFields = {
  teacher: 'fig6',
  width: '3',
  activation: '',
  method: 'minimize',
  init: 'glorot_normal',
  firstSeed: '0',
  seedCount: '1',
  samples: '',
  dataSeed: '',
  maxSteps: '',
  maxTime: '',
  lossTarget: '',
  learningRate: '',
  polishSteps: '',
  solver: '',
  batchSize: '',
  polish: '',
  device: 'cpu',
};

export type FieldErrors = Partial<Record<keyof StartFields, string>>;

type Rule = { label: string; optional: boolean; check: 'int' | 'positive'; min?: number; max?: number };

const RULES: Partial<Record<keyof StartFields, Rule>> = {
  width: { label: 'Width', optional: false, check: 'int', min: 1, max: 100_000 },
  firstSeed: { label: 'First seed', optional: false, check: 'int', min: 0, max: 2 ** 32 - 1 },
  seedCount: { label: 'Seeds', optional: false, check: 'int', min: 1, max: MAX_SEEDS_PER_BATCH },
  maxSteps: { label: 'Max steps', optional: true, check: 'int', min: 1, max: 100_000_000 },
  samples: { label: 'Samples', optional: true, check: 'int', min: 1, max: 1_000_000 },
  dataSeed: { label: 'Data seed', optional: true, check: 'int', min: 0, max: 2 ** 32 - 1 },
  maxTime: { label: 'Max ODE time', optional: true, check: 'positive' },
  lossTarget: { label: 'Loss target', optional: true, check: 'positive' },
  learningRate: { label: 'Learning rate', optional: true, check: 'positive' },
  polishSteps: { label: 'Polish steps', optional: true, check: 'int', min: 0, max: 1_000_000 },
  batchSize: { label: 'Minibatch', optional: true, check: 'int', min: 1, max: 100_000_000 },
};

function problem(rule: Rule, text: string): string | null {
  const t = text.trim();
  if (t === '') return rule.optional ? null : `${rule.label} is required`;
  const x = Number(t);
  if (rule.check === 'positive') return Number.isFinite(x) && x > 0 ? null : `${rule.label} must be a positive number (e.g. ${rule.label === 'Loss target' ? '1e-25' : '0.01'})`;
  const min = rule.min ?? 0;
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(x) || x < min) return `${rule.label} must be a whole number ≥ ${min}`;
  if (x > max) return `${rule.label} must be at most ${max.toLocaleString('en-US')}`;
  return null;
}

/** Every field's problem, in the form's words; empty when the form can run. */
export function validateStartFields(f: StartFields): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, rule] of Object.entries(RULES) as [keyof StartFields, Rule][]) {
    const p = problem(rule, f[key]);
    if (p) errors[key] = p;
  }
  if (!errors.firstSeed && !errors.seedCount && Number(f.firstSeed) + Number(f.seedCount) - 1 > 2 ** 32 - 1)
    errors.seedCount = 'Seeds: the last seed (first seed + seeds − 1) must be at most 4,294,967,295';
  return errors;
}

const inList = <T extends string>(list: readonly T[], x: unknown, fallback: T): T => (typeof x === 'string' && (list as readonly string[]).includes(x) ? (x as T) : fallback);

/** Parses a stored form record; unknown or mistyped entries take the default. */
export function parseStoredFields(raw: string | null): StartFields {
  if (!raw) return DEFAULT_FIELDS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_FIELDS;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_FIELDS;
  const v = value as Record<string, unknown>;
  const str = (k: keyof StartFields): string => (typeof v[k] === 'string' && (v[k] as string).length <= 40 ? (v[k] as string) : (DEFAULT_FIELDS[k] as string));
  return {
    teacher: inList(TEACHERS, v.teacher, DEFAULT_FIELDS.teacher),
    width: str('width'),
    activation: inList(['', ...ACTIVATION_NAMES] as const, v.activation, ''),
    method: inList(TRAIN_METHODS, v.method, DEFAULT_FIELDS.method),
    init: inList(INIT_SCHEMES, v.init, DEFAULT_FIELDS.init),
    firstSeed: str('firstSeed'),
    seedCount: str('seedCount'),
    samples: str('samples'),
    dataSeed: str('dataSeed'),
    maxSteps: str('maxSteps'),
    maxTime: str('maxTime'),
    lossTarget: str('lossTarget'),
    learningRate: str('learningRate'),
    polishSteps: str('polishSteps'),
    solver: inList(['', ...SOLVERS] as const, v.solver, ''),
    batchSize: str('batchSize'),
    polish: inList(['', 'on', 'off'] as const, v.polish, ''),
    device: inList(DEVICES, v.device, DEFAULT_FIELDS.device),
  };
}

/** The form as the user left it, or null when nothing is stored. */
export function loadStoredFields(): StartFields | null {
  try {
    const raw = window.localStorage.getItem(FORM_STORAGE_KEY);
    return raw === null ? null : parseStoredFields(raw);
  } catch {
    return null;
  }
}

export function saveFields(f: StartFields): void {
  try {
    window.localStorage.setItem(FORM_STORAGE_KEY, JSON.stringify(f));
  } catch {
    // Storage may be unavailable (private mode); the form then lasts for this session.
  }
}

const HOST_FIELD_WORDS: Record<string, string> = {
  teacher: 'Teacher',
  width: 'Width',
  activation: 'Activation',
  method: 'Method',
  device: 'Device',
  init: 'Init',
  seeds: 'Seeds',
  samples: 'Samples',
  dataSeed: 'Data seed',
  'budgets.maxSteps': 'Max steps',
  'budgets.maxTime': 'Max ODE time',
  'budgets.lossTarget': 'Loss target',
  'budgets.learningRate': 'Learning rate',
  'budgets.polishSteps': 'Polish steps',
  'settings.batchSize': 'Minibatch',
  'settings.solver': 'Solver',
  'settings.polish': 'Polish',
};

/** A host's answer ("experiments.start: budgets.maxSteps: expected positive integer") in the form's words ("Max steps: expected positive integer"). */
export function hostErrorInFormWords(message: string): string {
  const m = /^experiments\.start: ([A-Za-z.]+)(?:\[\d+\])?: (.*)$/s.exec(message);
  if (!m) return message.replace(/^experiments\.start: /, '');
  return `${HOST_FIELD_WORDS[m[1]] ?? m[1]}: ${m[2]}`;
}
