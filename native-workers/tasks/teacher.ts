/** The `teacher` task: a preset teacher's network (the weight-space view draws its neurons). */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { teacherInfo, teacherNetwork } from '../engine';

export function teacherTask(raw: unknown): TaskResult<'teacher'> {
  const { teacher } = TASKS.teacher.payload.parse(raw);
  const network = teacherNetwork(teacher);
  return {
    description: teacherInfo(teacher).description,
    architecture: { layers: network.architecture.layers.map((l) => ({ ...l })) },
    theta: Float64Array.from(network.theta),
  };
}
