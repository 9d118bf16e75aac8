/**
 * The run browser (left sidebar): search and filter every stored run (teacher, width, method,
 * outcome, kind), sort, multi-select to compare or delete; batches, recipes (the presets) and
 * stored hierarchies each in their own section. Clicking a run makes it the studio's run.
 */
import { useEffect, useMemo, useState } from 'react';
import type { HierarchySummary } from '../../../contract/hierarchy';
import type { RecipeInfo } from '../../../contract/recipes';
import { selectRecipe } from '../recipes/recipeSelection';
import type { RunSummary } from '../../../contract/runs';
import { runOutcome } from '../state/batchStats';
import { FORM_PRESETS } from '../state/formPresets';
import { useStudioContext } from '../state/StudioContext';
import { batchLabel, DEFAULT_QUERY, facets, queryRuns, runLegend, type RunQuery } from '../state/runQuery';
import { formatLoss } from './format';

type Kind = '' | 'single' | 'batch' | 'split' | 'import';
const kindOf = (r: RunSummary): Exclude<Kind, ''> => (r.origin.kind === 'import' ? 'import' : r.origin.kind === 'split' ? 'split' : r.batchId !== null ? 'batch' : 'single');
/** Rows drawn at once; the rest are one "show more" away (search narrows them). */
const PAGE = 200;

export function RunBrowser() {
  const { api, studio, ws, dispatch, deleteRuns, openPanel } = useStudioContext();
  const [query, setQuery] = useState<RunQuery>(DEFAULT_QUERY);
  const [kind, setKind] = useState<Kind>('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(PAGE);
  const [problem, setProblem] = useState<string | null>(null);
  const [hierarchies, setHierarchies] = useState<HierarchySummary[] | null>(null);
  const [paperRecipes, setPaperRecipes] = useState<RecipeInfo[]>([]);

  const options = useMemo(() => facets(studio.runs), [studio.runs]);
  const runs = useMemo(() => queryRuns(studio.runs, query).filter((r) => kind === '' || kindOf(r) === kind), [studio.runs, query, kind]);
  useEffect(() => setSelected((s) => new Set([...s].filter((id) => studio.runs.some((r) => r.runId === id)))), [studio.runs]);

  const loadRecipes = () => {
    if (paperRecipes.length === 0) void api.call('recipes.list', {}).then((r) => setPaperRecipes(r.recipes), (e: Error) => setProblem(e.message));
  };
  const loadHierarchies = () => {
    if (hierarchies === null) void api.call('hierarchy.list', {}).then((h) => setHierarchies(h.hierarchies), (e: Error) => setProblem(e.message));
  };
  const set = <K extends keyof RunQuery>(key: K, value: RunQuery[K]) => {
    setQuery((q) => ({ ...q, [key]: value }));
    setShown(PAGE);
  };
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const remove = async (target: { runIds: readonly string[] } | { batchId: string }, what: string) => {
    if (!window.confirm(`Delete ${what}? This removes it from the workspace on disk.`)) return;
    setProblem(null);
    try {
      await deleteRuns(target);
      setSelected(new Set());
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <nav className="run-browser" data-testid="run-browser" aria-label="run browser">
      <input type="search" placeholder="Search runs (e.g. fig6 w3 seed 4)" value={query.search} onChange={(e) => set('search', e.target.value)} data-testid="browser-search" />
      <div className="browser-filters">
        <select value={query.teacher} onChange={(e) => set('teacher', e.target.value)} data-testid="filter-teacher" aria-label="teacher">
          <option value="">all teachers</option>
          {options.teachers.map((t) => <option key={t}>{t}</option>)}
        </select>
        <select value={query.width} onChange={(e) => set('width', e.target.value)} data-testid="filter-width" aria-label="width">
          <option value="">all widths</option>
          {options.widths.map((w) => <option key={w} value={w}>width {w}</option>)}
        </select>
        <select value={query.method} onChange={(e) => set('method', e.target.value)} data-testid="filter-method" aria-label="method">
          <option value="">all methods</option>
          {options.methods.map((m) => <option key={m}>{m}</option>)}
        </select>
        <select value={query.outcome} onChange={(e) => set('outcome', e.target.value)} data-testid="filter-outcome" aria-label="outcome">
          <option value="">all outcomes</option>
          {options.outcomes.map((o) => <option key={o}>{o}</option>)}
        </select>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="filter-kind" aria-label="kind">
          <option value="">all kinds</option>
          <option value="single">experiments</option>
          <option value="batch">batch runs</option>
          <option value="split">split runs</option>
          <option value="import">imports</option>
        </select>
        <select value={query.sort} onChange={(e) => set('sort', e.target.value as RunQuery['sort'])} data-testid="browser-sort" aria-label="sort">
          <option value="newest">newest first</option>
          <option value="oldest">oldest first</option>
          <option value="loss">lowest loss</option>
          <option value="seed">by seed</option>
          <option value="width">by width</option>
        </select>
      </div>
      <div className="browser-actions">
        <button type="button" disabled={selected.size < 1} data-testid="compare-selected" onClick={() => {
          // Every selected run, also those the current search hides; in the list's order where shown.
          const ids = [...runs, ...studio.runs].filter((r) => selected.has(r.runId)).map((r) => r.runId);
          dispatch({ type: 'compareRuns', runIds: ids });
          openPanel('curves');
        }}>
          Compare ({selected.size})
        </button>
        <button type="button" disabled={selected.size < 1} data-testid="delete-selected" onClick={() => void remove({ runIds: [...selected] }, `${selected.size} run(s)`)}>
          Delete
        </button>
        {selected.size > 0 && <button type="button" onClick={() => setSelected(new Set())}>Clear</button>}
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
      {studio.error && <p className="error">{studio.error}</p>}

      <details open className="browser-section" data-testid="browser-runs">
        <summary>
          Runs <span className="count" data-testid="browser-run-count">{runs.length === studio.runs.length ? runs.length : `${runs.length} of ${studio.runs.length}`}</span>
        </summary>
        {studio.runs.length === 0 ? (
          <p className="empty">No runs in this workspace yet.</p>
        ) : (
          <ul className="browser-list" data-testid="run-list">
            {runs.slice(0, shown).map((r) => (
              <li key={r.runId} className={r.runId === ws.primaryId ? 'selected' : ws.compareIds.includes(r.runId) ? 'compared' : undefined} data-testid="run-row" data-run-id={r.runId}>
                <input type="checkbox" checked={selected.has(r.runId)} onChange={() => toggle(r.runId)} aria-label={`select ${runLegend(r)}`} data-testid="run-select" />
                <button type="button" className="run-open" onClick={() => dispatch({ type: 'selectRun', runId: r.runId })} title={`${r.name ?? r.runId} — stopped by ${r.result.stoppedBy}`}>
                  <span className="run-legend">{runLegend(r)}</span>
                  <span className="meta">
                    <span data-testid="run-final-loss">{formatLoss(r.result.finalLoss)}</span> <span className={`outcome outcome-${runOutcome(r)}`}>{runOutcome(r)}</span>
                    {kindOf(r) !== 'single' && kindOf(r) !== 'batch' && <span className="tag">{kindOf(r)}</span>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {runs.length > shown && (
          <button type="button" className="more" onClick={() => setShown((n) => n + PAGE)}>
            show {Math.min(PAGE, runs.length - shown)} more ({runs.length - shown} not shown)
          </button>
        )}
      </details>

      <details open className="browser-section" data-testid="browser-batches">
        <summary>
          Batches <span className="count">{studio.batches.length}</span>
        </summary>
        <ul className="browser-list" data-testid="batch-list">
          {[...studio.batches].reverse().map((b) => (
            <li key={b.batchId} className={b.batchId === ws.batchId ? 'selected' : undefined} data-testid="browser-batch" data-batch-id={b.batchId}>
              <button type="button" className="run-open" onClick={() => { dispatch({ type: 'selectBatch', batchId: b.batchId }); openPanel('batch'); }}>
                <span className="run-legend" title={b.batchId}>{batchLabel(b)}</span>
                <span className="meta">
                  {b.finished}/{b.seedCount} runs, {b.successes} succeeded · {new Date(b.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
                </span>
              </button>
              <button type="button" className="icon" title="delete this batch" onClick={() => void remove({ batchId: b.batchId }, `batch “${batchLabel(b)}” (${b.finished} runs)`)}>✕</button>
            </li>
          ))}
        </ul>
      </details>

      <details className="browser-section" data-testid="browser-recipes" onToggle={(e) => (e.currentTarget.open ? loadRecipes() : undefined)}>
        <summary>
          Recipes <span className="count">{FORM_PRESETS.length + paperRecipes.length}</span>
        </summary>
        <ul className="browser-list">
          {paperRecipes.map((r) => (
            <li key={r.name}>
              <button type="button" className="run-open" title={r.caption} data-testid={`browser-recipe-${r.name}`} onClick={() => { selectRecipe(r.name); openPanel('recipes'); }}>
                <span className="run-legend">{r.name}</span>
                <span className="meta">paper recipe</span>
              </button>
            </li>
          ))}
          {FORM_PRESETS.map((p) => (
            <li key={p.id}>
              <button type="button" className="run-open" title={p.description} onClick={() => { dispatch({ type: 'usePreset', presetId: p.id }); openPanel('new-experiment'); }}>
                <span className="run-legend">{p.title}</span>
              </button>
            </li>
          ))}
        </ul>
      </details>

      <details className="browser-section" data-testid="browser-hierarchies" onToggle={(e) => (e.currentTarget.open ? loadHierarchies() : undefined)}>
        <summary>Hierarchies {hierarchies && <span className="count">{hierarchies.length}</span>}</summary>
        {hierarchies === null ? (
          <p className="empty">loading…</p>
        ) : hierarchies.length === 0 ? (
          <p className="empty">None explored yet (Critical-point hierarchy panel).</p>
        ) : (
          <ul className="browser-list">
            {hierarchies.map((h) => (
              <li key={h.hierarchyId}>
                <button type="button" className="run-open" onClick={() => openPanel('hierarchy')}>
                  <span className="run-legend">{h.name ?? `${h.request.teacher} widths ${h.widths.join(',')}`}</span>
                  <span className="meta">{h.nodeCount} points, {h.runs} descents</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </nav>
  );
}
