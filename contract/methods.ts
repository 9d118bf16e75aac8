/** Every StudioApi method: its request and response schema. The TypeScript API derives from this table. */
import { z } from 'zod';
import {
  AnalysisSchema,
  AnalyzeRequestSchema,
  SplitRequestSchema,
  SplitResultSchema,
} from './analysis';
import { DatasetFileRequestSchema, DatasetInfoSchema, DatasetSummarySchema } from './datasets';
import { ExperimentSpecSchema } from './experiment';
import { GpuInfoSchema } from './gpu';
import { BatchExportRequestSchema, ExportedFileSchema, SurfaceExportRequestSchema } from './exports';
import {
  FileInspectRequestSchema,
  NetworkExportRequestSchema,
  NetworkExportResultSchema,
  NetworkInfoSchema,
  RunImportRequestSchema,
  RunImportResultSchema,
} from './files';
import { HierarchyExploreRequestSchema, HierarchyGraphSchema, HierarchySummarySchema } from './hierarchy';
import { LandscapeRequestSchema, LandscapeSchema, TeacherInfoSchema, TeacherRequestSchema } from './landscape';
import { identifier, nonNegativeInt, text } from './fields';
import { CancelRequestSchema, JobInfoSchema } from './jobs';
import { RunDetailSchema, RunsListRequestSchema, RunsListResponseSchema } from './runs';
import { RecipeInfoSchema, RecipeStartRequestSchema, RecipeStateSchema } from './recipes';
import { SceneSchema, SceneSummarySchema } from './scene';
import { AnalysisSummarySchema, ExportSummarySchema, JobsListRequestSchema } from './workspaceAdmin';

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
      /** When the request named a device: where the flow runs, and why not on the GPU when it asked for one. */
      device: z.enum(['cpu', 'gpu']).optional(),
      deviceNote: text(1000).nullable().optional(),
    }),
  },
  /** The WebGPU adapter GPU batches would use (name, vendor, limits), or why there is none. */
  'system.gpu': { request: noParams, response: GpuInfoSchema },
  'jobs.cancel': {
    request: CancelRequestSchema,
    response: z.strictObject({ cancelled: nonNegativeInt() }),
  },
  /** Paged (default the first 1,000): running and recent jobs first, then runs queued in batches. */
  'jobs.list': {
    request: JobsListRequestSchema,
    response: z.strictObject({ jobs: z.array(JobInfoSchema), total: nonNegativeInt().optional() }),
  },
  'runs.list': {
    request: RunsListRequestSchema,
    response: RunsListResponseSchema,
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
  /** What a network file holds and the network read from it (nothing is stored). */
  'files.inspect': { request: FileInspectRequestSchema, response: NetworkInfoSchema },
  /** A network file becomes a run of the workspace (origin import), evaluated on the chosen data. */
  'runs.import': { request: RunImportRequestSchema, response: RunImportResultSchema },
  /** What a dataset file holds (format, keys or columns used, count, dims); nothing is stored. */
  'datasets.inspect': { request: DatasetFileRequestSchema, response: DatasetInfoSchema },
  /** A dataset file's X, Y stored in the workspace (datasets/<datasetId>/); runs name it in `data` / `dataset`. */
  'datasets.import': { request: DatasetFileRequestSchema, response: DatasetSummarySchema },
  'datasets.list': { request: noParams, response: z.strictObject({ datasets: z.array(DatasetSummarySchema) }) },
  /** A run's θ as a .pt / .safetensors / .onnx / .npz / JSON network file (returned, not written). */
  'networks.export': { request: NetworkExportRequestSchema, response: NetworkExportResultSchema },
  analyze: { request: AnalyzeRequestSchema, response: AnalysisSchema },
  split: { request: SplitRequestSchema, response: SplitResultSchema },
  landscape: { request: LandscapeRequestSchema, response: LandscapeSchema },
  /** A landscape (same request as `landscape`) as a .npz / loss-landscape .h5 / ParaView .vtp or .vts file (returned, not written). */
  'surface.export': { request: SurfaceExportRequestSchema, response: ExportedFileSchema },
  /** A batch's runs as a table (CSV / JSON: seed, width, final loss, ‖∇L‖, class, index, success) or a .npz of every final θ. */
  'batches.export': { request: BatchExportRequestSchema, response: ExportedFileSchema },
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
  /** Stores a recorder scene (a new id unless `sceneId` names a stored one, which is replaced). */
  'scenes.save': {
    request: z.strictObject({ scene: SceneSchema }),
    response: z.strictObject({ sceneId: identifier() }),
  },
  'scenes.list': {
    request: noParams,
    response: z.strictObject({ scenes: z.array(SceneSummarySchema) }),
  },
  'scenes.get': {
    request: z.strictObject({ sceneId: identifier() }),
    response: SceneSchema,
  },
  /** Queues the seeds of an interrupted batch that have no stored run (and are not queued now). */
  'batches.resume': {
    request: z.strictObject({ batchId: identifier() }),
    response: z.strictObject({ batchId: identifier(), jobs: z.array(z.strictObject({ jobId: identifier(), runId: identifier(), seed: nonNegativeInt() })) }),
  },
  'analyses.list': {
    request: noParams,
    response: z.strictObject({ analyses: z.array(AnalysisSummarySchema) }),
  },
  'analyses.delete': {
    request: z.strictObject({ analysisId: identifier() }),
    response: z.strictObject({ deleted: nonNegativeInt() }),
  },
  /** Folders under <workspace>/exports (runs.export's default target). */
  'exports.list': {
    request: noParams,
    response: z.strictObject({ exports: z.array(ExportSummarySchema) }),
  },
  'exports.delete': {
    request: z.strictObject({ exportId: identifier() }),
    response: z.strictObject({ deleted: nonNegativeInt() }),
  },
  /** The paper's experiments as recipes: name, title, caption, parameters with defaults. */
  'recipes.list': {
    request: noParams,
    response: z.strictObject({ recipes: z.array(RecipeInfoSchema) }),
  },
  /** Runs a recipe as one job (progress, `jobs.cancel`) into <workspace>/recipes/<recipeId>; `resume` continues the newest unfinished one. */
  'recipes.start': {
    request: RecipeStartRequestSchema,
    response: z.strictObject({ jobId: identifier(), recipeId: identifier() }),
  },
  /** The newest folder of a recipe: progress, recipe.json's summary and the figure SVG. */
  'recipes.get': {
    request: z.strictObject({ name: text(64) }),
    response: RecipeStateSchema,
  },
} as const;

export type MethodName = keyof typeof METHODS;
/** What a caller passes (defaults may be omitted). */
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['request']>;
/** What a handler receives (defaults filled in). */
export type MethodRequest<M extends MethodName> = z.output<(typeof METHODS)[M]['request']>;
export type MethodResult<M extends MethodName> = z.output<(typeof METHODS)[M]['response']>;
