/** Every StudioApi method: its request and response schema. The TypeScript API derives from this table. */
import { z } from 'zod';
import {
  AnalysisSchema,
  AnalyzeRequestSchema,
  SplitRequestSchema,
  SplitResultSchema,
  SurfaceRequestSchema,
  SurfaceSchema,
} from './analysis';
import { ExperimentSpecSchema } from './experiment';
import { HierarchyExploreRequestSchema, HierarchyGraphSchema, HierarchySummarySchema } from './hierarchy';
import { LandscapeRequestSchema, LandscapeSchema, TeacherInfoSchema, TeacherRequestSchema } from './landscape';
import { identifier, nonNegativeInt, text } from './fields';
import { CancelRequestSchema, JobInfoSchema } from './jobs';
import { BatchSummarySchema, RunDetailSchema, RunSummarySchema } from './runs';

const noParams = z.strictObject({}).default({});

export const RunOrBatchSchema = z
  .strictObject({ runId: identifier().optional(), batchId: identifier().optional() })
  .refine((r) => (r.runId === undefined) !== (r.batchId === undefined), {
    error: 'expected exactly one of runId or batchId',
    path: ['runId'],
  });

export const METHODS = {
  'experiments.start': {
    request: ExperimentSpecSchema,
    response: z.strictObject({
      /** Null for a single run (one seed). */
      batchId: identifier().nullable(),
      jobs: z.array(z.strictObject({ jobId: identifier(), runId: identifier(), seed: nonNegativeInt() })),
    }),
  },
  'jobs.cancel': {
    request: CancelRequestSchema,
    response: z.strictObject({ cancelled: nonNegativeInt() }),
  },
  'jobs.list': {
    request: noParams,
    response: z.strictObject({ jobs: z.array(JobInfoSchema) }),
  },
  'runs.list': {
    request: z.strictObject({ batchId: identifier().optional() }).default({}),
    response: z.strictObject({ runs: z.array(RunSummarySchema), batches: z.array(BatchSummarySchema) }),
  },
  'runs.get': {
    request: z.strictObject({ runId: identifier() }),
    response: RunDetailSchema,
  },
  'runs.delete': {
    request: RunOrBatchSchema,
    response: z.strictObject({ deleted: nonNegativeInt() }),
  },
  'runs.export': {
    request: z.strictObject({
      runId: identifier(),
      /** Target folder on the host's disk; default <workspace>/exports/<runId>. */
      directory: text(4096).optional(),
    }),
    response: z.strictObject({ npzPath: text(4096), jsonPath: text(4096), arrays: z.array(text(100)) }),
  },
  analyze: { request: AnalyzeRequestSchema, response: AnalysisSchema },
  split: { request: SplitRequestSchema, response: SplitResultSchema },
  surface: { request: SurfaceRequestSchema, response: SurfaceSchema },
  landscape: { request: LandscapeRequestSchema, response: LandscapeSchema },
  teacher: { request: TeacherRequestSchema, response: TeacherInfoSchema },
  /** Runs as one job (progress, `jobs.cancel`); the graph is stored when it finishes, then `job.done`. */
  'hierarchy.explore': {
    request: HierarchyExploreRequestSchema,
    response: z.strictObject({ jobId: identifier(), hierarchyId: identifier() }),
  },
  'hierarchy.list': {
    request: noParams,
    response: z.strictObject({ hierarchies: z.array(HierarchySummarySchema) }),
  },
  'hierarchy.get': {
    request: z.strictObject({ hierarchyId: identifier() }),
    response: HierarchyGraphSchema,
  },
} as const;

export type MethodName = keyof typeof METHODS;
/** What a caller passes (defaults may be omitted). */
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['request']>;
/** What a handler receives (defaults filled in). */
export type MethodRequest<M extends MethodName> = z.output<(typeof METHODS)[M]['request']>;
export type MethodResult<M extends MethodName> = z.output<(typeof METHODS)[M]['response']>;
