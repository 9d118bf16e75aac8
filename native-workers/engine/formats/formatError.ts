/**
 * Base class of every format module's own error (PickleError, OnnxFormatError, …). The file API
 * (networkFile.ts) turns these into a NetworkFileError/DatasetFileError naming the file; anything
 * that is not a FormatError reaching it is a bug in a reader, not a property of the file.
 */
export class FormatError extends Error {
  override name = 'FormatError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}
