/**
 * Start a training (one seed or a batch of seeds) from a teacher preset. The form is one record
 * (`StartFields`, owned by the caller so presets can fill it and it survives a reload); each field's
 * problem is shown next to it in the form's words and Run stays disabled while any remains.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ExperimentSpecInput } from '../../../contract/experiment';
import { AUTO_GPU_MIN_SEEDS } from '../../../contract/gpu';
import { ACTIVATION_NAMES, INIT_SCHEMES, TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { hostErrorInFormWords, validateStartFields } from '../state/startForm';
import { DEVICE_CHOICES, deviceUnavailable, experimentSpec, gpuPhase, SOLVERS, type StartFields } from './startSpec';

interface Props {
  readonly fields: StartFields;
  onChange(fields: StartFields): void;
  onStart(spec: ExperimentSpecInput): Promise<void>;
}

export function StartTrainingForm({ fields, onChange, onStart }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = validateStartFields(fields);
  const deviceOff = deviceUnavailable(fields);
  const invalid = Object.keys(errors).length > 0;
  const set = <K extends keyof StartFields>(key: K, value: StartFields[K]) => onChange({ ...fields, [key]: value });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (invalid) return;
    setError(null);
    setBusy(true);
    try {
      await onStart(experimentSpec(fields));
    } catch (e) {
      setError(hostErrorInFormWords((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof StartFields, label: string, input: ReactNode) => (
    <label className={errors[key] ? 'invalid' : undefined}>
      {label}
      {input}
      {errors[key] && (
        <span className="field-error" data-testid={`field-error-${key}`}>
          {errors[key]}
        </span>
      )}
    </label>
  );
  const num = (key: keyof StartFields, name: string, label: string, placeholder?: string) =>
    field(
      key,
      label,
      <input name={name} inputMode="decimal" placeholder={placeholder} value={fields[key]} aria-invalid={errors[key] ? true : undefined} onChange={(e) => set(key, e.target.value as never)} />,
    );

  return (
    <form className="start-form" noValidate onSubmit={(e) => void submit(e)} data-testid="start-form">
      {field(
        'teacher',
        'Teacher',
        <select name="teacher" value={fields.teacher} onChange={(e) => set('teacher', e.target.value as StartFields['teacher'])}>
          {TEACHERS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>,
      )}
      {num('width', 'width', 'Width')}
      {field(
        'activation',
        'Activation',
        <select name="activation" value={fields.activation} onChange={(e) => set('activation', e.target.value as StartFields['activation'])}>
          <option value="">teacher&apos;s</option>
          {ACTIVATION_NAMES.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>,
      )}
      {field(
        'method',
        'Method',
        <select name="method" value={fields.method} onChange={(e) => set('method', e.target.value as StartFields['method'])}>
          {TRAIN_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>,
      )}
      <label className="device-field" title={deviceOff ?? undefined}>
        Device
        <select name="device" data-testid="device-select" value={deviceOff ? 'cpu' : fields.device} disabled={deviceOff !== null} onChange={(e) => set('device', e.target.value as StartFields['device'])}>
          {DEVICE_CHOICES.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {num('firstSeed', 'seed', 'First seed')}
      {num('seedCount', 'seeds', 'Seeds')}
      {num('maxSteps', 'maxSteps', 'Max steps', 'default')}
      <details className="start-more" data-testid="start-more">
        <summary>Data, initialization and solver</summary>
        {num('samples', 'samples', 'Samples', "teacher's")}
        {num('dataSeed', 'dataSeed', 'Data seed', '0')}
        <span className="status-line">Inputs: the teacher preset&apos;s distribution.</span>
        {field(
          'init',
          'Init',
          <select name="init" value={fields.init} onChange={(e) => set('init', e.target.value as StartFields['init'])}>
            {INIT_SCHEMES.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>,
        )}
        {num('maxTime', 'maxTime', 'Max ODE time', 'default')}
        {num('lossTarget', 'lossTarget', 'Loss target', '1e-25')}
        {num('learningRate', 'learningRate', 'Learning rate', 'gd / adam default')}
        {field(
          'solver',
          'Solver',
          <select name="solver" value={fields.solver} onChange={(e) => set('solver', e.target.value as StartFields['solver'])}>
            <option value="">default (rosenbrock)</option>
            {SOLVERS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>,
        )}
        {num('batchSize', 'batchSize', 'Minibatch', 'full batch')}
        {field(
          'polish',
          'Polish',
          <select name="polish" value={fields.polish} onChange={(e) => set('polish', e.target.value as StartFields['polish'])}>
            <option value="">default (on)</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>,
        )}
        {num('polishSteps', 'polishSteps', 'Polish steps', 'default')}
      </details>
      <button type="submit" disabled={busy || invalid} data-testid="start-button" title={invalid ? 'Fix the fields marked in red first' : undefined}>
        {Number(fields.seedCount) > 1 ? `Run ${fields.seedCount} seeds` : 'Run'}
      </button>
      <span className="field-hint" data-testid="device-hint" data-device={deviceOff ? 'cpu' : fields.device}>
        Device:{' '}
        {deviceOff !== null
          ? `CPU only — ${deviceOff}.`
          : fields.device === 'cpu'
            ? `CPU (float64 throughout). GPU: f32 ${gpuPhase(fields.method)} on the adapter, then float64 polish + certificate on the CPU.`
            : fields.device === 'gpu'
              ? `GPU: f32 ${gpuPhase(fields.method)} on the adapter, then float64 polish + certificate on the CPU (the CPU alone if there is no adapter).`
              : `Auto: the GPU for batches of ${AUTO_GPU_MIN_SEEDS}+ seeds when an adapter exists, else the CPU.`}
      </span>
      {error && (
        <p className="error" role="alert" data-testid="start-error">
          {error}
        </p>
      )}
    </form>
  );
}
