/** Problems with the workspace folder or one of its files; messages name the path and the field. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

/** A run, batch or analysis id that the workspace does not hold. */
export class NotFoundError extends WorkspaceError {
  override name = 'NotFoundError';
}
