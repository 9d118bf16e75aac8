/**
 * `hierarchy`: the critical-point hierarchy explorer (the paper's Fig. 5, studio issue 5 item 8).
 * Trains seeds per width, splits each minimum's neurons with the given γ values, nudges along
 * the escape direction and descends; points equal up to neuron permutation and the split
 * symmetry are one node. Edges: 'split' (minimum → split point one width up, same loss) and
 * 'escape' (split point → the lower point its descent reached).
 */
import { z } from 'zod';
import {
  finiteNumber,
  identifier,
  nonNegativeInt,
  nonNegativeNumber,
  numbers,
  oneOf,
  positiveInt,
  positiveNumber,
  text,
  timestamp,
} from './fields';
import { f64, TaskDataSchema } from './taskInputs';
import { ACTIVATION_NAMES, CLASSIFICATIONS, INIT_SCHEMES, TEACHERS, TRAIN_METHODS } from './vocabulary';

export const MAX_HIERARCHY_WIDTH = 64;
export const MAX_HIERARCHY_NODES = 5000;

export const HierarchyNodeSchema = z.strictObject({
  id: nonNegativeInt(),
  width: positiveInt(),
  loss: nonNegativeNumber(),
  gradNorm: nonNegativeNumber(),
  /** The analysis' classification: global-min, local-min, strict-saddle, flat, kink-min, kink-stationary, not-critical. */
  classification: oneOf(CLASSIFICATIONS),
  index: nonNegativeInt(),
  minEigenvalue: finiteNumber(),
  theta: f64(),
  origin: oneOf(['seed', 'split', 'escape'] as const),
  /** Width after merging duplicate units and dropping units without outgoing weight. */
  reducedWidth: nonNegativeInt(),
  hits: positiveInt(),
  seeds: z.array(nonNegativeInt()),
});

export const HierarchyEdgeSchema = z.strictObject({
  from: nonNegativeInt(),
  to: nonNegativeInt(),
  kind: oneOf(['split', 'escape'] as const),
  neuron: nonNegativeInt(),
  gamma: finiteNumber(),
  /** Escape edges: the sign of the nudge along the escape direction. */
  sign: z.union([z.literal(1), z.literal(-1)]).nullable(),
  count: positiveInt(),
});

/** The worker task behind `hierarchy.explore`; listed in contract/tasks.ts TASKS. */
export const HierarchyTaskSchema = {
  payload: z.strictObject({
    data: TaskDataSchema,
    /** Hidden activation; a teacher preset's own when absent (required for inline data). */
    activation: oneOf(ACTIVATION_NAMES).nullable(),
    widths: z.array(positiveInt(MAX_HIERARCHY_WIDTH)).min(1, { error: 'expected at least one width' }).max(16),
    seedsPerWidth: nonNegativeInt(1000),
    firstSeed: nonNegativeInt(2 ** 32 - 1),
    init: oneOf(INIT_SCHEMES),
    gammas: z.array(finiteNumber()).min(1, { error: 'expected at least one γ' }).max(8),
    nudge: positiveNumber(),
    method: oneOf(TRAIN_METHODS),
    maxSteps: positiveInt(100_000_000).nullable(),
    lossTarget: positiveNumber().nullable(),
    maxNodes: positiveInt(MAX_HIERARCHY_NODES),
  }),
  result: z.strictObject({
    nodes: z.array(HierarchyNodeSchema),
    edges: z.array(HierarchyEdgeSchema),
    widths: z.array(positiveInt()),
    activation: oneOf(ACTIVATION_NAMES),
    inputDim: positiveInt(),
    outputDim: positiveInt(),
    runs: nonNegativeInt(),
    /** True when maxNodes cut the exploration short. */
    truncated: z.boolean(),
    /** Descents that ended higher than their split point (no edge drawn). */
    uphill: nonNegativeInt(),
    seconds: nonNegativeNumber(),
  }),
} as const;

export type HierarchyTaskPayload = z.output<(typeof HierarchyTaskSchema)['payload']>;
export type HierarchyTaskResult = z.output<(typeof HierarchyTaskSchema)['result']>;

/** `hierarchy.explore` parameters: a teacher preset's data, the widths, seeds, γ values and trainer. */
export const HierarchyExploreRequestSchema = z.strictObject({
  name: text(200).optional(),
  teacher: oneOf(TEACHERS),
  samples: positiveInt(1_000_000).optional(),
  dataSeed: nonNegativeInt(2 ** 32 - 1).default(0),
  /** Hidden activation of the students; the teacher's own when absent. */
  activation: oneOf(ACTIVATION_NAMES).optional(),
  widths: z
    .array(positiveInt(MAX_HIERARCHY_WIDTH), { error: 'expected array of widths (positive integers)' })
    .min(1, { error: 'expected at least one width' })
    .max(16, { error: 'expected at most 16 widths' }),
  seedsPerWidth: positiveInt(1000).default(8),
  firstSeed: nonNegativeInt(2 ** 32 - 1).default(1),
  init: oneOf(INIT_SCHEMES).default('glorot_normal'),
  /** Split factors γ (outgoing weight kept by the original copy). */
  gammas: z
    .array(finiteNumber(), { error: 'expected array of γ values' })
    .min(1, { error: 'expected at least one γ' })
    .max(8, { error: 'expected at most 8 γ values' })
    .default([0.5]),
  /** Step along the escape direction (both signs). */
  nudge: positiveNumber().default(1e-3),
  method: oneOf(TRAIN_METHODS).default('minimize'),
  /** Per-descent step limit; the trainer's default when absent. */
  maxSteps: positiveInt(100_000_000).optional(),
  /** Plain-MSE loss counting as a global minimum; the explorer's default (1e-25) when absent. */
  lossTarget: positiveNumber().optional(),
  maxNodes: positiveInt(MAX_HIERARCHY_NODES).default(500),
});
export type HierarchyExploreRequest = z.output<typeof HierarchyExploreRequestSchema>;

/** A stored exploration, as listed. */
export const HierarchySummarySchema = z.strictObject({
  hierarchyId: identifier(),
  name: text(200).nullable(),
  createdAt: timestamp(),
  request: HierarchyExploreRequestSchema,
  activation: oneOf(ACTIVATION_NAMES),
  inputDim: positiveInt(),
  outputDim: positiveInt(),
  nodeCount: nonNegativeInt(),
  edgeCount: nonNegativeInt(),
  widths: z.array(positiveInt()),
  /** Descents (training runs) made. */
  runs: nonNegativeInt(),
  truncated: z.boolean(),
  uphill: nonNegativeInt(),
  seconds: nonNegativeNumber(),
});
export type HierarchySummary = z.output<typeof HierarchySummarySchema>;

/** A node as the API returns it (θ as a plain array; layout per engine/types.ts, two layers with biases). */
export const HierarchyGraphNodeSchema = HierarchyNodeSchema.extend({ theta: numbers(1_000_000) });
export type HierarchyGraphNode = z.output<typeof HierarchyGraphNodeSchema>;
export type HierarchyEdge = z.output<typeof HierarchyEdgeSchema>;

export const HierarchyGraphSchema = z.strictObject({
  summary: HierarchySummarySchema,
  nodes: z.array(HierarchyGraphNodeSchema).max(MAX_HIERARCHY_NODES),
  edges: z.array(HierarchyEdgeSchema),
});
export type HierarchyGraph = z.output<typeof HierarchyGraphSchema>;
