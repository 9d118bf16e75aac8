/**
 * Data out through the API: a landscape surface as a file (`surface.export`: NumPy `.npz`,
 * loss-landscape `.h5`, ParaView `.vtp`/`.vts`) and a batch's table of runs (`batches.export`:
 * CSV, JSON, or `.npz` of every final θ). The host answers with the file's bytes (base64); the
 * studio hands them to the browser's download (web host) or the save dialog (Electron).
 */
import { z } from 'zod';
import { identifier, nonNegativeInt, oneOf, text } from './fields';
import { LandscapeRequestSchema } from './landscape';

export const SURFACE_FORMATS = ['npz', 'h5', 'vtp', 'vts'] as const;
export type SurfaceFormat = (typeof SURFACE_FORMATS)[number];
export const TABLE_FORMATS = ['csv', 'json', 'npz'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Largest exported file sent through the API (a 513² surface as .vtp is about 20 MB). */
export const MAX_EXPORT_BYTES = 40 * 1024 * 1024;

/** The landscape request (same plane, ranges, resolution, projected points) plus the file format. */
export const SurfaceExportRequestSchema = LandscapeRequestSchema.extend({ format: oneOf(SURFACE_FORMATS) });
export type SurfaceExportRequest = z.output<typeof SurfaceExportRequestSchema>;

export const BatchExportRequestSchema = z.strictObject({ batchId: identifier(), format: oneOf(TABLE_FORMATS) });

export const ExportedFileSchema = z.strictObject({
  /** Suggested file name, e.g. `landscape-run-abc.h5`. */
  fileName: text(255),
  mediaType: text(100),
  byteLength: nonNegativeInt(MAX_EXPORT_BYTES),
  /** The file's content, base64. */
  base64: z.string().max(Math.ceil(MAX_EXPORT_BYTES / 3) * 4 + 4),
});
export type ExportedFile = z.output<typeof ExportedFileSchema>;
