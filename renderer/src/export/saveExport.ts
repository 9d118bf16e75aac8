/** An exported file from the API into the user's hands: Electron's native Save dialog, or a browser download. */
import { downloadBytes } from '../import/fileTransfer';

export interface ExportedBytes {
  readonly fileName: string;
  readonly base64: string;
  readonly byteLength: number;
}

/** Returns a status line ("downloaded x.h5 (1,234 bytes)"), or null when the user cancelled the dialog. */
export async function saveExport(file: ExportedBytes): Promise<string | null> {
  const native = window.escapeStudio?.files;
  if (native) {
    const reply = await native.save(file.fileName, file.base64);
    if (!reply.ok) throw new Error(reply.message);
    return reply.value === null ? null : `saved ${reply.value} (${file.byteLength.toLocaleString()} bytes)`;
  }
  downloadBytes(file.fileName, file.base64);
  return `downloaded ${file.fileName} (${file.byteLength.toLocaleString()} bytes)`;
}
