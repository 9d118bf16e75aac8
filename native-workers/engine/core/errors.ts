/**
 * What kind of failure an error is, the same across every boundary (engine → worker → pool →
 * service → StudioApi): 'input' means the request, file or parameter is wrong and the user can fix
 * it; 'failed' means the computation itself failed. Error classes that mean "your input is wrong"
 * declare `readonly code = 'input'`; everything else is 'failed'.
 */
export type ErrorCode = 'input' | 'failed';

/** 'input' for errors declaring code 'input' (or the contract's StudioError code 'invalid'), else 'failed'. */
export function errorCode(error: unknown): ErrorCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'input' || code === 'invalid' ? 'input' : 'failed';
}
