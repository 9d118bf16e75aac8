/**
 * Files between the user's machine and the studio API: a picked or dropped File → base64 for
 * `files.inspect` / `runs.import` (size checked before reading), and an exported network →
 * a download (web host) or the native Save dialog (Electron).
 */
import { MAX_UPLOAD_BYTES } from '../../../contract/files';

export interface FilePayload {
  readonly name: string;
  readonly base64: string;
}

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Refused before reading when too large: the same limit the API enforces, in the same words. */
export function uploadSizeProblem(name: string, size: number): string | null {
  if (size === 0) return `${name}: file is empty`;
  if (size > MAX_UPLOAD_BYTES) return `${name}: file is ${mib(size)}, over the upload limit of ${mib(MAX_UPLOAD_BYTES)}`;
  return null;
}

/** Bytes → base64 in chunks (String.fromCharCode over a whole large array would overflow the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function readFilePayload(file: File): Promise<FilePayload> {
  const problem = uploadSizeProblem(file.name, file.size);
  if (problem) throw new Error(problem);
  return { name: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

/** Web host: hand the bytes to the browser as a download named `fileName`. */
export function downloadBytes(fileName: string, base64: string): void {
  const bytes = base64ToBytes(base64);
  const blob = new Blob([bytes.buffer as ArrayBuffer], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
