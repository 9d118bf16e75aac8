/** Finding the buffers to transfer (not copy) when posting a message between threads. */

/** Buffers of every (non-shared) typed array reachable through plain objects and arrays. */
export function transferables(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, out, depth + 1);
  } else {
    for (const item of Object.values(value)) transferables(item, out, depth + 1);
  }
  return [...out];
}
