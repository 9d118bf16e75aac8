/**
 * The studio's compute worker: every contract operation that does math runs here, off the main thread.
 * Started with `workerData.hvpShard` it is instead one shard thread of a sharded Hessian-vector
 * product (pool/shardedHvp.ts), which the analyze task starts from inside its own worker.
 */
import { workerData } from 'node:worker_threads';
import { gpuFinishTask } from './gpu/finishTask';
import { serveHvpShard } from './pool/hvpShard';
import { serveTasks } from './pool/runtime';
import { analyzeTask } from './tasks/analyze';
import { evaluateTask } from './tasks/evaluate';
import { hierarchyTask } from './tasks/hierarchy';
import { landscapeTask } from './tasks/landscape';
import { recipeRunTask } from './tasks/recipeRun';
import { splitTask } from './tasks/split';
import { teacherTask } from './tasks/teacher';
import { trainTask } from './tasks/train';

if (typeof workerData === 'object' && workerData !== null && 'hvpShard' in workerData) serveHvpShard(workerData);
else serveTasks({ train: trainTask, analyze: analyzeTask, evaluate: evaluateTask, split: splitTask, landscape: landscapeTask, teacher: teacherTask, hierarchy: hierarchyTask, recipeRun: recipeRunTask, gpuFinish: gpuFinishTask });
