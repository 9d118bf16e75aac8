/**
 * What the panels show, derived from the workspace state and the loaded run details: θ₀ and its
 * label, markers, the spectrum's point, loss curves (split runs shifted to start where their
 * parent ended), the slider's times. Pure derivation; details load lazily (`runs.get`) only for
 * the runs on screen.
 */
import { useMemo } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { RunDetail, RunSummary } from '../../../contract/runs';
import type { TeacherInfo } from '../../../contract/landscape';
import { useRunDetails } from '../panels/hooks/useRunDetails';
import { useTeacher } from '../panels/hooks/useTeacher';
import type { LandscapeMarker } from '../panels/LandscapeView';
import type { FigureCurve } from '../figures/LossCurvesFigure';
import { splitOriginOf, type SplitOrigin } from '../panels/splitProvenance';
import { pointKind as classMarkerKind } from './classes';
import { nudgedStartLabel, splitPointLabel } from './pointLabels';
import { runLegend } from './runQuery';
import type { PointSource, Theta0, WorkspaceState } from './workspaceState';

export interface WorkspaceView {
  readonly primary: RunSummary | null;
  readonly origin: SplitOrigin | null;
  readonly parentId: string | null;
  readonly detail: RunDetail | null;
  readonly teacher: TeacherInfo | null;
  readonly trajectory: readonly (readonly number[])[];
  readonly times: readonly number[];
  /** The slider's snapshot, clamped to the trajectory. */
  readonly index: number;
  readonly effectiveTheta0: Exclude<Theta0, 'auto'>;
  readonly landscapeSource: PointSource | null;
  readonly theta0Label: string;
  readonly markers: LandscapeMarker[];
  readonly threePoints: [number[], number[]] | null;
  readonly spectrumSource: PointSource | null;
  readonly spectrumLabel: string;
  /** With each run's trainer phases (flow, polish, …) when recorded, so the figure shows which phase did what. */
  readonly curves: FigureCurve[];
  readonly cursorTime: number | null;
}

function markerKind(r: RunSummary): LandscapeMarker['kind'] {
  return classMarkerKind(r.result.classification, r.result.success);
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function useWorkspaceView(api: StudioApi, runs: readonly RunSummary[], ws: WorkspaceState): WorkspaceView {
  const { primaryId, compareIds, point, theta0, frozenSnapshot, spectrumAt, shiftSplit, timeIndex } = ws;
  const primary = useMemo(() => runs.find((r) => r.runId === primaryId) ?? null, [runs, primaryId]);
  const origin = primary ? splitOriginOf(primary) : null;
  const parentId = origin && runs.some((r) => r.runId === origin.parentRunId) ? origin.parentRunId : null;
  const shownIds = useMemo(
    () => [...new Set([primaryId, ...compareIds, parentId].filter((x): x is string => x !== null))],
    [primaryId, compareIds, parentId],
  );
  const details = useRunDetails(api, shownIds);
  const detail: RunDetail | null = primaryId ? (details.get(primaryId) ?? null) : null;
  const teacher = useTeacher(api, primary?.spec.teacher ?? null);

  const trajectory = detail?.trajectory.theta ?? [];
  const times = detail?.trajectory.time ?? [];
  const T = trajectory.length;
  const index = Math.min(timeIndex, Math.max(T - 1, 0));

  // A split run opens at its exact split point (ε = 0), not at the nudged start it trained from.
  const effectiveTheta0: Exclude<Theta0, 'auto'> = theta0 === 'auto' ? (origin ? 'split' : 'final') : theta0 === 'split' && !origin ? 'initial' : theta0;
  const landscapeSource: PointSource | null = point
    ? point.source
    : primaryId
      ? effectiveTheta0 === 'current'
        ? { kind: 'run', runId: primaryId, snapshot: Math.min(frozenSnapshot, Math.max(T - 1, 0)) }
        : { kind: 'run', runId: primaryId, which: effectiveTheta0 }
      : null;
  const theta0Label = point
    ? point.label
    : effectiveTheta0 === 'current'
      ? `snapshot ${frozenSnapshot + 1} of the trajectory`
      : effectiveTheta0 === 'split' && origin
        ? splitPointLabel(origin)
        : effectiveTheta0 === 'initial'
          ? origin
            ? origin.nudge > 0
              ? nudgedStartLabel(origin)
              : splitPointLabel(origin)
            : 'the initial point'
          : `the final point (${primary?.result.classification ?? 'unclassified'})`;
  const theta0Vector = detail
    ? effectiveTheta0 === 'split'
      ? [] // computed by the service; no stored θ equals it, so the three-point plane keeps all candidates
      : effectiveTheta0 === 'initial'
      ? detail.initialTheta
      : effectiveTheta0 === 'final'
        ? detail.finalTheta
        : (trajectory[Math.min(frozenSnapshot, T - 1)] ?? detail.finalTheta)
    : null;

  const markers: LandscapeMarker[] = useMemo(() => {
    if (!detail || !primary) return [];
    return [
      { id: 'start', label: origin ? (origin.nudge > 0 ? 'nudged start' : 'split point') : 'start', theta: detail.initialTheta, kind: origin ? 'saddle' : 'start' },
      { id: 'end', label: 'end', theta: detail.finalTheta, kind: markerKind(primary) },
    ];
  }, [detail, primary, origin]);

  const threePoints = useMemo((): [number[], number[]] | null => {
    if (!detail || !theta0Vector) return null;
    const candidates = [detail.initialTheta, trajectory[Math.floor(T / 2)] ?? detail.initialTheta, detail.finalTheta].filter(
      (p) => !sameVector(p, theta0Vector),
    );
    return candidates.length >= 2 ? [candidates[0], candidates[1]] : null;
  }, [detail, theta0Vector, trajectory, T]);

  const followsTime = !point && spectrumAt === 'time' && primaryId !== null && T > 0;
  const spectrumSource: PointSource | null = followsTime && primaryId ? { kind: 'run', runId: primaryId, snapshot: index } : landscapeSource;
  const spectrumLabel = followsTime ? `at the slider's time (snapshot ${index + 1} of ${T})` : `at θ₀: ${theta0Label}`;

  const curves: FigureCurve[] = useMemo(() => {
    const out: FigureCurve[] = [];
    for (const id of shownIds) {
      const d = details.get(id);
      if (!d) continue;
      const o = splitOriginOf(d.run);
      const parent = o ? details.get(o.parentRunId) : undefined;
      const offset = shiftSplit && o && parent && shownIds.includes(o.parentRunId) ? (parent.curve.time[parent.curve.time.length - 1] ?? 0) : 0;
      out.push({
        id,
        label: `${runLegend(d.run)}${offset > 0 ? ' — after its parent' : ''}`,
        time: offset > 0 ? d.curve.time.map((t) => t + offset) : d.curve.time,
        loss: d.curve.loss,
        ...(d.run.result.phases && d.run.result.phases.length > 0 ? { phases: d.run.result.phases } : {}),
      });
    }
    return out;
  }, [details, shownIds, shiftSplit]);

  const cursorTime = (() => {
    if (T === 0) return null;
    const t = times[index] ?? 0;
    const parent = parentId ? details.get(parentId) : undefined;
    return shiftSplit && parent ? t + (parent.curve.time[parent.curve.time.length - 1] ?? 0) : t;
  })();

  return {
    primary, origin, parentId, detail, teacher, trajectory, times, index, effectiveTheta0, landscapeSource, theta0Label,
    markers, threePoints, spectrumSource, spectrumLabel, curves, cursorTime,
  };
}
