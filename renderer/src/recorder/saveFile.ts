/**
 * Hands a finished file to the host: a download in the browser (web host); under Electron the
 * same download opens the platform's save dialog (Electron's default for `will-download`).
 * Nothing is written before the bytes are complete, so a cancelled recording leaves no file.
 */
export function saveBytes(bytes: Uint8Array, mime: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference; free ours once the browser has started it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a scene name: letters, digits, '-', '_' only. */
export function safeFileName(name: string, extension: string): string {
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'recording';
  return `${base}.${extension}`;
}
