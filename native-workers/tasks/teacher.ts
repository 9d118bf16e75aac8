/** The `teacher` task: a preset teacher's network (the weight-space view draws its neurons). */
import type { z } from 'zod';
import { LANDSCAPE_TASKS } from '../../contract/landscape';
import { teacherInfo, teacherNetwork } from '../engine';

type Result = z.output<(typeof LANDSCAPE_TASKS)['teacher']['result']>;

export function teacherTask(raw: unknown): Result {
  const { teacher } = LANDSCAPE_TASKS.teacher.payload.parse(raw);
  const network = teacherNetwork(teacher);
  return {
    description: teacherInfo(teacher).description,
    architecture: { layers: network.architecture.layers.map((l) => ({ ...l })) },
    theta: Float64Array.from(network.theta),
  };
}
