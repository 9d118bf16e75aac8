/** The renderer's file helpers for Open… / Export network, and the dialog's activation defaults. */
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../contract/files';
import { base64ToBytes, bytesToBase64, uploadSizeProblem } from '../../../renderer/src/import/fileTransfer';
import { initialActivations } from '../../../renderer/src/import/ImportDialog';

describe('import file helpers', () => {
  it('base64 round-trips bytes past the chunk size, equal to Node’s encoder', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 256);
    const b64 = bytesToBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(b64)).toEqual(bytes);
  });

  it('refuses empty and oversized files before reading them, in the API’s words', () => {
    expect(uploadSizeProblem('a.pt', 0)).toBe('a.pt: file is empty');
    expect(uploadSizeProblem('a.pt', MAX_UPLOAD_BYTES)).toBeNull();
    expect(uploadSizeProblem('big.onnx', 40 * 1024 * 1024)).toBe(`big.onnx: file is 40.0 MiB, over the upload limit of ${(MAX_UPLOAD_BYTES / 2 ** 20).toFixed(1)} MiB`);
  });

  it('keeps the file’s activations and guesses only the missing ones (output identity)', () => {
    const layer = (activation: 'relu' | 'identity' | null) => ({ inputs: 2, outputs: 2, bias: true, activation });
    expect(initialActivations({ layers: [layer(null), layer(null), layer(null)] })).toEqual(['tanh', 'tanh', 'identity']);
    expect(initialActivations({ layers: [layer('relu'), layer('identity')] })).toEqual(['relu', 'identity']);
  });
});
