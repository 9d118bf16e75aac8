/**
 * The `recipeRun` task: one computed run of a recipe (a `RunJob` with `compute`: fig5-hierarchy's
 * exploration, a split-at-init condition …) on a pool worker instead of the service thread. The
 * worker plans the recipe from its name and resolved parameters and computes the planned job with
 * the given id, with the same code as the in-thread executor, so the record is the same (timing
 * aside). The recipe table is loaded on the first such task only (workers that only train stay lean).
 */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { InputError } from './inputs';

export async function recipeRunTask(raw: unknown, context: TaskContext): Promise<TaskResult<'recipeRun'>> {
  const payload = TASKS.recipeRun.payload.parse(raw);
  const { recipeByName } = await import('../../main/recipes/registry');
  const recipe = recipeByName(payload.recipe);
  const params = recipe.resolve(payload.params);
  const job = recipe.plan(params).find((j) => j.planned.id === payload.runId);
  if (!job?.compute) throw new InputError(`runId: ${payload.runId} is not a computed run that ${recipe.name} plans with these parameters`);
  context.progress({ progress: 0, step: 0, loss: null });
  // Every stop poll of the trainers is also a heartbeat (throttled by the runtime), so a long
  // exploration is not mistaken for a hung worker.
  let polls = 0;
  let fraction = 0;
  const record = job.compute(
    () => {
      context.progress({ progress: fraction, step: ++polls, loss: null });
      return context.shouldStop();
    },
    (f) => {
      fraction = Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0));
      context.progress({ progress: fraction, step: polls, loss: null });
    },
  );
  if (context.shouldStop()) throw new TaskCancelledError(`${recipe.name} run ${payload.runId} cancelled`);
  return record;
}
