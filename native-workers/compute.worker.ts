/** The studio's compute worker: every contract operation that does math runs here, off the main thread. */
import { gpuFinishTask } from './gpu/finishTask';
import { serveTasks } from './pool/runtime';
import { analyzeTask } from './tasks/analyze';
import { evaluateTask } from './tasks/evaluate';
import { hierarchyTask } from './tasks/hierarchy';
import { landscapeTask } from './tasks/landscape';
import { recipeRunTask } from './tasks/recipeRun';
import { splitTask } from './tasks/split';
import { teacherTask } from './tasks/teacher';
import { trainTask } from './tasks/train';

serveTasks({ train: trainTask, analyze: analyzeTask, evaluate: evaluateTask, split: splitTask, landscape: landscapeTask, teacher: teacherTask, hierarchy: hierarchyTask, recipeRun: recipeRunTask, gpuFinish: gpuFinishTask });
