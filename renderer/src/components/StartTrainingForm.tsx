/** Start a training (one seed or a batch of seeds) from a teacher preset. */
import { useState, type FormEvent } from 'react';
import {
  ACTIVATION_NAMES,
  INIT_SCHEMES,
  TEACHERS,
  TRAIN_METHODS,
  type ActivationId,
  type InitScheme,
  type TeacherName,
  type TrainMethod,
} from '../../../contract/vocabulary';
import type { ExperimentSpecInput } from '../../../contract/experiment';
import { experimentSpec, SOLVERS, type Solver } from './startSpec';

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
  const [samples, setSamples] = useState('');
  const [dataSeed, setDataSeed] = useState('');
  const [init, setInit] = useState<InitScheme>('glorot_normal');
  const [maxTime, setMaxTime] = useState('');
  const [lossTarget, setLossTarget] = useState('');
  const [learningRate, setLearningRate] = useState('');
  const [polishSteps, setPolishSteps] = useState('');
  const [solver, setSolver] = useState<Solver | ''>('');
  const [batchSize, setBatchSize] = useState('');
  const [polish, setPolish] = useState<'' | 'on' | 'off'>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const spec = experimentSpec({
      teacher,
      width,
      activation,
      method,
      init,
      firstSeed,
      seedCount,
      samples,
      dataSeed,
      maxSteps,
      maxTime,
      lossTarget,
      learningRate,
      polishSteps,
      solver,
      batchSize,
      polish,
    });
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
      <details className="start-more" data-testid="start-more">
        <summary>Data, initialization and solver</summary>
        <label>
          Samples
          <input name="samples" type="number" min={1} placeholder="teacher's" value={samples} onChange={(e) => setSamples(e.target.value)} />
        </label>
        <label>
          Data seed
          <input name="dataSeed" type="number" min={0} placeholder="0" value={dataSeed} onChange={(e) => setDataSeed(e.target.value)} />
        </label>
        <span className="status-line">Inputs: the teacher preset&apos;s distribution.</span>
        <label>
          Init
          <select name="init" value={init} onChange={(e) => setInit(e.target.value as InitScheme)}>
            {INIT_SCHEMES.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>
        </label>
        <label>
          Max ODE time
          <input name="maxTime" type="number" min={0} placeholder="default" value={maxTime} onChange={(e) => setMaxTime(e.target.value)} />
        </label>
        <label>
          Loss target
          <input name="lossTarget" placeholder="1e-25" value={lossTarget} onChange={(e) => setLossTarget(e.target.value)} />
        </label>
        <label>
          Learning rate
          <input name="learningRate" placeholder="gd / adam default" value={learningRate} onChange={(e) => setLearningRate(e.target.value)} />
        </label>
        <label>
          Solver
          <select name="solver" value={solver} onChange={(e) => setSolver(e.target.value as Solver | '')}>
            <option value="">default (rosenbrock)</option>
            {SOLVERS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Minibatch
          <input name="batchSize" type="number" min={1} placeholder="full batch" value={batchSize} onChange={(e) => setBatchSize(e.target.value)} />
        </label>
        <label>
          Polish
          <select name="polish" value={polish} onChange={(e) => setPolish(e.target.value as '' | 'on' | 'off')}>
            <option value="">default (on)</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        <label>
          Polish steps
          <input name="polishSteps" type="number" min={0} placeholder="default" value={polishSteps} onChange={(e) => setPolishSteps(e.target.value)} />
        </label>
      </details>
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
