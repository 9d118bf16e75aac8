/**
 * The Recipes panel: the paper's experiments (recipes.list), the chosen one's parameters with
 * their paper-scale defaults, Run / Cancel / Resume, the job's progress, and — once complete — the
 * figure next to the paper's caption with recipe.json's summary (recipes.get).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Device } from '../../../contract/gpu';
import type { RecipeInfo, RecipeState } from '../../../contract/recipes';
import { GpuStatus } from '../components/GpuStatus';
import { ProgressBar } from '../components/ProgressBar';
import { useStudioContext } from '../state/StudioContext';
import { RecipeDeviceLine, RecipeDevicePicker } from './RecipeDevice';
import { formatParam, paramOverrides } from './recipeParams';
import { recipeJob, selectRecipe, useSelectedRecipe } from './recipeSelection';

const ACTIVE = new Set(['queued', 'running']);

export function RecipesPanel() {
  const { api, studio, cancel } = useStudioContext();
  const [recipes, setRecipes] = useState<RecipeInfo[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [edited, setEdited] = useState<Record<string, Record<string, string>>>({});
  const [state, setState] = useState<RecipeState | null>(null);
  const [devices, setDevices] = useState<Record<string, Device>>({});
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const selected = useSelectedRecipe();

  useEffect(() => {
    void api.call('recipes.list', {}).then((r) => setRecipes(r.recipes), (e: Error) => setProblem(e.message));
  }, [api]);
  const info = useMemo(() => recipes?.find((r) => r.name === selected) ?? recipes?.[0] ?? null, [recipes, selected]);
  const name = info?.name ?? null;
  useEffect(() => setJobId(name ? recipeJob.get(name) : undefined), [name]);
  const job = jobId ? studio.jobs.get(jobId) : undefined;
  const jobState = job?.state;

  // Re-read the folder when the recipe changes and whenever its job settles.
  useEffect(() => {
    if (!name) return;
    let live = true;
    void api.call('recipes.get', { name }).then((s) => live && setState(s), (e: Error) => live && setProblem(e.message));
    return () => {
      live = false;
    };
  }, [api, name, jobState]);

  if (!recipes) return <p className="empty">{problem ?? 'loading recipes…'}</p>;
  if (!info) return <p className="empty">No recipes.</p>;
  const values = edited[info.name] ?? {};
  const running = (job !== undefined && ACTIVE.has(job.state)) || (state?.name === info.name && state.running);
  const current = state?.name === info.name ? state : null;
  const canResume = !running && current !== null && current.recipeId !== null && !current.complete;
  // The Device choice replaces the `device` parameter's text field (issue 13); resume keeps the folder's.
  const picksDevice = info.devices.length > 1;
  const device: Device = devices[info.name] ?? 'cpu';

  const start = async (resume: boolean) => {
    setProblem(null);
    try {
      const params = resume ? {} : paramOverrides(info, values);
      const started = await api.call('recipes.start', { name: info.name, params, resume, ...(!resume && picksDevice && device !== 'cpu' ? { device } : {}) });
      recipeJob.set(info.name, started.jobId);
      setJobId(started.jobId);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const setValue = (key: string, text: string) => setEdited((all) => ({ ...all, [info.name]: { ...values, [key]: text } }));

  return (
    <div className="recipes-panel" data-testid="recipes-panel">
      <ul className="recipe-list" aria-label="recipes">
        {recipes.map((r) => (
          <li key={r.name}>
            <button type="button" className={r.name === info.name ? 'active' : ''} aria-pressed={r.name === info.name} title={r.title} onClick={() => selectRecipe(r.name)} data-testid={`recipe-${r.name}`}>
              {r.name}
            </button>
          </li>
        ))}
      </ul>
      <section className="recipe-detail">
        <h3>{info.title}</h3>
        <form className="recipe-params" onSubmit={(e) => (e.preventDefault(), void start(false))}>
          {info.parameters.filter(({ key }) => !(picksDevice && key === 'device')).map(({ key, default: def }) => (
            <label key={key}>
              {key}
              {typeof def === 'boolean' ? (
                <input type="checkbox" checked={(values[key] ?? String(def)) === 'true'} onChange={(e) => setValue(key, String(e.target.checked))} data-testid={`recipe-param-${key}`} />
              ) : (
                <input type="text" size={Array.isArray(def) ? 10 : 7} value={values[key] ?? formatParam(def)} onChange={(e) => setValue(key, e.target.value)} data-testid={`recipe-param-${key}`} />
              )}
            </label>
          ))}
        </form>
        <RecipeDevicePicker info={info} device={device} onChange={(d) => setDevices((all) => ({ ...all, [info.name]: d }))} adapter={<GpuStatus testId="recipe-gpu" />} />
        <div className="controls">
          <button type="button" onClick={() => void start(false)} disabled={running} data-testid="recipe-run">
            Run
          </button>
          <button type="button" onClick={() => jobId && cancel({ jobId })} disabled={!running || !jobId} data-testid="recipe-cancel">
            Cancel
          </button>
          <button type="button" onClick={() => void start(true)} disabled={!canResume} data-testid="recipe-resume" title="Continue the newest unfinished run, skipping the runs it already holds">
            Resume
          </button>
          <button type="button" onClick={() => setEdited((all) => ({ ...all, [info.name]: {} }))} title="Back to the paper's parameters">
            Defaults
          </button>
        </div>
        {problem && <p className="error" role="alert">{problem}</p>}
        {job && (
          <div className="status-line" data-testid="recipe-progress">
            <ProgressBar value={job.progress} label={`recipe ${info.name}`} /> {job.state}
            {job.message ? ` — ${job.message}` : ''}
          </div>
        )}
        {current && current.recipeId && (
          <p className="status-line" data-testid="recipe-status">
            {current.complete ? 'complete' : running ? 'running' : 'unfinished'}: {current.finishedRuns} / {current.plannedRuns} runs · {current.folder}
          </p>
        )}
        {current && current.recipeId && <RecipeDeviceLine state={current} />}
        <figure className="recipe-figure">
          {current?.svg ? <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(current.svg)}`} alt={`${info.name} figure`} data-testid="recipe-figure" /> : <p className="empty">No figure yet: press Run.</p>}
          <figcaption data-testid="recipe-caption">
            <strong>Paper:</strong> {info.caption}
          </figcaption>
        </figure>
        {current?.summary && (
          <details className="recipe-summary">
            <summary>recipe.json summary</summary>
            <pre>{JSON.stringify(current.summary, null, 1)}</pre>
          </details>
        )}
      </section>
    </div>
  );
}
