/**
 * The WebGPU adapter GPU batches would use (`system.gpu`), in the status bar: its name (marked
 * "software" for SwiftShader, a CPU emulation), or "no GPU" with the reason as the tooltip.
 * Asked when clicked (the first ask loads the WebGPU runtime in the service process, which studios
 * that never train on a GPU should not pay for), then kept; a batch started with `device: 'gpu'`
 * without an adapter runs on the CPU and its batch says why.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GpuInfo } from '../../../contract/gpu';
import { useStudioContext } from '../state/StudioContext';

/** `testId`: the status bar's is 'status-gpu'; another place that shows the adapter passes its own. */
export function GpuStatus({ testId = 'status-gpu' }: { testId?: string } = {}) {
  const { api } = useStudioContext();
  const [info, setInfo] = useState<GpuInfo | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const ask = useCallback(() => {
    setAsked(true);
    api.call('system.gpu', {}).then(
      (r) => live.current && setInfo(r),
      (e: unknown) => live.current && setFailed(e instanceof Error ? e.message : String(e)),
    );
  }, [api]);
  if (!asked)
    return (
      <button type="button" className="link" data-testid={testId} onClick={ask} title="Which WebGPU adapter GPU batches would use">
        GPU?
      </button>
    );
  if (failed !== null) return <span data-testid={testId} title={failed}>GPU: unknown</span>;
  if (info === null) return <span data-testid={testId}>GPU: …</span>;
  const a = info.adapter;
  if (!a) return <span data-testid={testId} title={info.reason ?? ''}>no GPU (batches run on the CPU)</span>;
  const l = a.limits;
  const title = `${a.vendor} ${a.architecture} ${a.device}\n${a.description}\nmax storage binding ${l.maxStorageBufferBindingSize} B, ${l.maxComputeWorkgroupsPerDimension} workgroups/dim, ${l.maxComputeInvocationsPerWorkgroup} invocations/workgroup\ndevice 'auto' uses it from ${info.autoMinSeeds} seeds`;
  return (
    <span data-testid={testId} title={title}>
      GPU: {a.description || a.device || a.vendor}
      {a.software ? ' (software)' : ''}
    </span>
  );
}
