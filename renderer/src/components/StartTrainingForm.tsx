/** Start a training (one seed or a batch of seeds) from a teacher preset. */
import { useState, type FormEvent } from 'react';
import type { ExperimentSpecInput } from '../../../contract/experiment';
import { ACTIVATION_NAMES, TEACHERS, TRAIN_METHODS, type ActivationId, type TeacherName, type TrainMethod } from '../../../contract/vocabulary';

interface Props {
  onStart(spec: ExperimentSpecInput): Promise<void>;
}

export function StartTrainingForm({ onStart }: Props) {
  const [teacher, setTeacher] = useState<TeacherName>('fig6');
  const [width, setWidth] = useState('3');
  const [activation, setActivation] = useState<ActivationId | ''>('');
  const [method, setMethod] = useState<TrainMethod>('minimize');
  const [firstSeed, setFirstSeed] = useState('0');
  const [seedCount, setSeedCount] = useState('1');
  const [maxSteps, setMaxSteps] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const count = Number(seedCount);
    const first = Number(firstSeed);
    const spec: ExperimentSpecInput = {
      teacher,
      width: Number(width),
      method,
      seeds: Number.isInteger(count) && count >= 1 && count <= 10_000 ? Array.from({ length: count }, (_, i) => first + i) : [],
      ...(activation !== '' ? { activation } : {}),
      ...(maxSteps !== '' ? { budgets: { maxSteps: Number(maxSteps) } } : {}),
    };
    try {
      await onStart(spec);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="start-form" noValidate onSubmit={(e) => void submit(e)} data-testid="start-form">
      <label>
        Teacher
        <select name="teacher" value={teacher} onChange={(e) => setTeacher(e.target.value as TeacherName)}>
          {TEACHERS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Width
        <input name="width" type="number" min={1} value={width} onChange={(e) => setWidth(e.target.value)} />
      </label>
      <label>
        Activation
        <select name="activation" value={activation} onChange={(e) => setActivation(e.target.value as ActivationId | '')}>
          <option value="">teacher's</option>
          {ACTIVATION_NAMES.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Method
        <select name="method" value={method} onChange={(e) => setMethod(e.target.value as TrainMethod)}>
          {TRAIN_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        First seed
        <input name="seed" type="number" min={0} value={firstSeed} onChange={(e) => setFirstSeed(e.target.value)} />
      </label>
      <label>
        Seeds
        <input name="seeds" type="number" min={1} max={10000} value={seedCount} onChange={(e) => setSeedCount(e.target.value)} />
      </label>
      <label>
        Max steps
        <input name="maxSteps" type="number" min={1} placeholder="default" value={maxSteps} onChange={(e) => setMaxSteps(e.target.value)} />
      </label>
      <button type="submit" disabled={busy} data-testid="start-button">
        {Number(seedCount) > 1 ? `Run ${seedCount} seeds` : 'Run'}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="start-error">
          {error}
        </p>
      )}
    </form>
  );
}
