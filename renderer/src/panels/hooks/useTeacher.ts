/** A teacher preset's neurons (for the weight-space crosses), fetched once per teacher. */
import { useEffect, useState } from 'react';
import type { StudioApi } from '../../../../contract/api';
import type { TeacherInfo } from '../../../../contract/landscape';
import type { TeacherName } from '../../../../contract/vocabulary';

const cache = new Map<TeacherName, Promise<TeacherInfo>>();

export function useTeacher(api: StudioApi, teacher: TeacherName | null): TeacherInfo | null {
  const [info, setInfo] = useState<TeacherInfo | null>(null);
  useEffect(() => {
    if (!teacher) return;
    let live = true;
    let pending = cache.get(teacher);
    if (!pending) {
      pending = api.call('teacher', { teacher });
      cache.set(teacher, pending);
      pending.catch(() => cache.delete(teacher));
    }
    pending.then((t) => live && setInfo(t)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, teacher]);
  return teacher ? info : null;
}
