/**
 * The Recipes panel's device (issue 13): the Device choice for a recipe whose runs can train on
 * the GPU (fig3c-scaling: its `devices` from recipes.list), "CPU only" for the others, the adapter
 * beside it (the panel's GpuStatus, asked on click), and — for the shown folder — where its runs trained and, when a
 * GPU request fell back to the CPU, why (recipes.get → device).
 */
import type { ReactNode } from 'react';
import type { Device } from '../../../contract/gpu';
import type { RecipeInfo, RecipeState } from '../../../contract/recipes';
import { DEVICE_CHOICES } from '../components/startSpec';

/** `adapter`: what to show beside the choice (the panel passes GpuStatus). */
export function RecipeDevicePicker({ info, device, onChange, adapter }: { info: Pick<RecipeInfo, 'devices'>; device: Device; onChange(device: Device): void; adapter?: ReactNode }) {
  if (info.devices.length < 2)
    return (
      <p className="field-hint" data-testid="recipe-device-hint" data-device="cpu">
        Device: CPU only — this recipe&apos;s runs train on the CPU in float64.
      </p>
    );
  return (
    <div className="recipe-device">
      <label className="device-field">
        Device{' '}
        <select data-testid="recipe-device" value={device} onChange={(e) => onChange(e.target.value as Device)}>
          {DEVICE_CHOICES.filter((d) => info.devices.includes(d.value)).map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>{' '}
      {adapter}
      <span className="field-hint" data-testid="recipe-device-hint" data-device={device}>
        {' '}
        {device === 'cpu'
          ? 'CPU: float64 throughout.'
          : device === 'gpu'
            ? 'GPU: all seeds of a width in f32 on the adapter, then float64 polish + certificate per run on the CPU (the CPU alone if there is no adapter).'
            : 'Auto: the GPU for widths with enough seeds when an adapter exists, else the CPU.'}
      </span>
    </div>
  );
}

/** "no WebGPU adapter (…)" from "device gpu: no WebGPU adapter (…); the runs go to the CPU". */
function plainNote(note: string): string {
  return note.replace(/^device (gpu|auto): /, '').replace(/; the runs go to the CPU$/, '');
}

/** Where the folder's runs trained; null before it ever ran (or ran before devices were recorded). */
export function RecipeDeviceLine({ state }: { state: Pick<RecipeState, 'device' | 'running'> }) {
  const d = state.device;
  if (!d) return null;
  const fallback = d.asked !== 'cpu' && d.note !== null;
  const text =
    d.ran === 'gpu'
      ? 'Device: GPU — f32 training on the adapter, then float64 polish + certificate on the CPU.'
      : fallback
        ? `Device: CPU — asked for the ${d.asked === 'auto' ? 'GPU (auto)' : 'GPU'}, but ${plainNote(d.note!)}; the runs trained on the CPU in float64.`
        : d.ran === null
          ? `Device: ${d.asked === 'auto' ? 'Auto' : 'GPU'} asked — ${state.running ? 'placing the runs…' : 'no run was placed'}.`
          : 'Device: CPU (float64).';
  return (
    <p className={fallback ? 'status-line recipe-device-line fallback' : 'status-line recipe-device-line'} data-testid="recipe-device-line" data-device={d.ran ?? 'pending'}>
      {text}
    </p>
  );
}
