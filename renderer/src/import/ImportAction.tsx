/**
 * "Open…": pick a network file (web host: the browser's file picker; Electron: the native dialog
 * through the preload's narrow `files.open`) or drop one anywhere on the window; the file goes to
 * `files.inspect` over the API and the import dialog shows what was inferred.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { NetworkInfo } from '../../../contract/files';
import type { RunSummary } from '../../../contract/runs';
import { readFilePayload, type FilePayload } from './fileTransfer';
import { ImportDialog } from './ImportDialog';
import './import.css';

interface Props {
  readonly api: StudioApi;
  onImported(run: RunSummary): void;
}

const ACCEPT = '.pt,.pth,.onnx,.safetensors,.npz,.npy,.json';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function ImportAction({ api, onImported }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ file: FilePayload; info: NetworkInfo } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  /** While the dialog is open, a drop is its dataset file (DatasetFilePicker), not a new network. */
  const dialogOpen = useRef(false);
  dialogOpen.current = pending !== null;

  const inspect = useCallback(
    async (read: () => Promise<FilePayload | null>): Promise<void> => {
      setProblem(null);
      setBusy(true);
      try {
        const file = await read();
        if (!file) return;
        const info = await api.call('files.inspect', { file });
        setPending({ file, info });
      } catch (e) {
        setProblem((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  // Drag and drop onto the window (both hosts: the renderer reads the dropped File).
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e) || dialogOpen.current) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (dialogOpen.current) return;
      depth = 0;
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (!files || files.length === 0) return;
      if (files.length > 1) setProblem(`drop one network file at a time (got ${files.length})`);
      else void inspect(() => readFilePayload(files[0]));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [inspect]);

  const open = (): void => {
    const native = window.escapeStudio?.files;
    if (!native) {
      input.current?.click();
      return;
    }
    void inspect(async () => {
      const reply = await native.open();
      if (!reply.ok) throw new Error(reply.message);
      return reply.value;
    });
  };

  return (
    <>
      <button type="button" className="import-open" data-testid="open-network" disabled={busy} onClick={open} title="Open a network file: PyTorch .pt, ONNX, safetensors, NumPy .npz, or our JSON (or drop one on the window)">
        {busy ? 'Reading…' : 'Open…'}
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="open-network-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void inspect(() => readFilePayload(f));
        }}
      />
      {problem && (
        <span className="import-problem" role="alert" data-testid="open-network-error">
          {problem}{' '}
          <button type="button" className="import-dismiss" onClick={() => setProblem(null)} aria-label="dismiss">
            ×
          </button>
        </span>
      )}
      {dragging && (
        <div className="import-drop" data-testid="import-drop">
          Drop a network file to import it
        </div>
      )}
      {pending && (
        <ImportDialog
          api={api}
          file={pending.file}
          info={pending.info}
          onClose={() => setPending(null)}
          onImported={(run) => {
            setPending(null);
            onImported(run);
          }}
        />
      )}
    </>
  );
}
