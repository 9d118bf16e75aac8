/**
 * The recorder: camera keyframes (taken from the live view; times, easing, reorder, remove), an
 * optional training replay (the time slider — trajectory marker, weight space, loss curves — runs
 * from one snapshot to another over the scene), duration / fps / size / format with an estimated
 * size, save / open scenes in the workspace (`escape-studio/scene@1`), and Record with a
 * progress bar and Cancel. Frames are rendered at scene time k / fps (record.ts), never against
 * the clock; the file is downloaded through the host only once complete.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { MethodParams } from '../../../contract/methods';
import { SCENE_EASINGS, SCENE_FORMAT, SceneSchema, sceneFrameCount, type Keyframe, type Scene, type ScenePlane, type SceneSummary } from '../../../contract/scene';
import type { ColormapName } from '../figures/colormaps';
import { orbitKeyframes, poseAt, replayIndexAt, sortKeyframes } from '../landscape3d/cameraPose';
import type { SceneHandle } from '../panels/LandscapeScene';
import type { PlaneChoice } from '../panels/LandscapeView';
import type { LossScale } from '../panels/landscapeData';
import { formatNumber } from '../panels/shared/ticks';
import { FORMAT_INFO, type RecordingFormat } from './encoders/types';
import { prepareScene } from './prepare';
import { estimateBytes, recordScene, RecordingCancelled } from './record';
import { safeFileName, saveBytes } from './saveFile';

interface Props {
  readonly api: StudioApi;
  readonly handle: RefObject<SceneHandle | null>;
  readonly source: MethodParams<'analyze'>['source'];
  readonly plane: PlaneChoice;
  readonly alphaRange: [number, number] | null;
  readonly betaRange: [number, number] | null;
  readonly grid: number;
  readonly scale: LossScale;
  readonly colormap: ColormapName;
  readonly contours: number;
  readonly dark: boolean;
  readonly snapshots: number;
  onTimeIndex?(index: number): void;
}

function scenePlane(plane: PlaneChoice): ScenePlane {
  switch (plane.kind) {
    case 'eigenvectors':
      return { kind: 'eigenvectors', i: plane.i, j: plane.j };
    case 'random':
      return { kind: 'random', seed: plane.seed };
    default:
      return { kind: plane.kind };
  }
}

function bytesLabel(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(n / 1024))} KiB`;
}

const SIZES = [
  [640, 360],
  [1280, 720],
  [1920, 1080],
  [3840, 2160],
] as const;

export function RecorderPanel(props: Props) {
  const { api, handle, snapshots } = props;
  const [name, setName] = useState('landscape orbit');
  const [keyframes, setKeyframes] = useState<Keyframe[]>([]);
  const [duration, setDuration] = useState(4);
  const [fps, setFps] = useState(30);
  const [size, setSize] = useState<[number, number]>([1280, 720]);
  const [format, setFormat] = useState<RecordingFormat>('webm');
  const [replay, setReplay] = useState(snapshots > 1);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(Math.max(0, snapshots - 1));
  const [opened, setOpened] = useState<Scene | null>(null);
  /** Id of the scene being edited once saved or opened: saving again replaces it. */
  const [sceneId, setSceneId] = useState<string | null>(null);
  const [saved, setSaved] = useState<SceneSummary[]>([]);
  const [status, setStatus] = useState<string>('');
  const [progress, setProgress] = useState<{ done: number; total: number; bytes: number } | null>(null);
  const [preview, setPreview] = useState(0);
  const abort = useRef<AbortController | null>(null);
  /** Frames finished so far, and how many were finished when Cancel was pressed (the status reports both). */
  const doneRef = useRef(0);
  const cancelledAt = useRef(0);
  const pressedTime = useRef(0);

  useEffect(() => {
    setTo((t) => (t === 0 || t > snapshots - 1 ? Math.max(0, snapshots - 1) : t));
  }, [snapshots]);
  const refreshList = () =>
    api
      .call('scenes.list', {})
      .then((r) => setSaved(r.scenes))
      .catch(() => undefined);
  useEffect(() => {
    void refreshList();
  }, [api]);

  const runId = props.source.kind === 'run' ? props.source.runId : null;
  const draft = useMemo((): { scene: Scene | null; problem: string | null } => {
    const base = opened
      ? { source: opened.source, runId: opened.runId, plane: opened.plane, grid: opened.grid, scale: opened.scale, colormap: opened.colormap, contours: opened.contours, theme: opened.theme, ...(opened.alphaRange ? { alphaRange: opened.alphaRange } : {}), ...(opened.betaRange ? { betaRange: opened.betaRange } : {}) }
      : {
          source: props.source,
          runId,
          plane: scenePlane(props.plane),
          grid: props.grid,
          scale: props.scale,
          colormap: props.colormap,
          contours: props.contours,
          theme: props.dark ? ('dark' as const) : ('light' as const),
          ...(props.alphaRange ? { alphaRange: props.alphaRange } : {}),
          ...(props.betaRange ? { betaRange: props.betaRange } : {}),
        };
    const parsed = SceneSchema.safeParse({
      format: SCENE_FORMAT,
      ...(sceneId ? { sceneId } : {}),
      name,
      ...base,
      keyframes: keyframes.length > 0 ? keyframes : [{ time: 0, pose: handle.current?.getPose() ?? poseAt([], 0), easing: 'ease-in-out' }],
      replay: replay && base.runId && snapshots > 0 ? { from, to } : null,
      duration,
      fps,
      width: size[0],
      height: size[1],
      annotations: true,
    });
    if (parsed.success) return { scene: parsed.data, problem: null };
    const issue = parsed.error.issues[0];
    return { scene: null, problem: `${issue?.path.join('.') || 'scene'}: ${issue?.message ?? 'invalid'}` };
  }, [opened, sceneId, props.source, runId, props.plane, props.grid, props.scale, props.colormap, props.contours, props.dark, props.alphaRange, props.betaRange, name, keyframes, replay, from, to, snapshots, duration, fps, size, handle]);

  const addKeyframe = () => {
    const pose = handle.current?.getPose();
    if (!pose) return;
    setKeyframes((ks) => sortKeyframes([...ks, { time: ks.length === 0 ? 0 : Math.min(600, Math.max(...ks.map((k) => k.time)) + 1), pose, easing: 'ease-in-out' }]));
  };
  const updateKeyframe = (i: number, change: Partial<Keyframe>) => setKeyframes((ks) => ks.map((k, j) => (j === i ? { ...k, ...change } : k)));
  /** Reorder: swap the poses of neighbours, keeping the times in order. */
  const move = (i: number, by: -1 | 1) =>
    setKeyframes((ks) => {
      const j = i + by;
      if (j < 0 || j >= ks.length) return ks;
      const out = [...ks];
      out[i] = { ...ks[i], pose: ks[j].pose, easing: ks[j].easing };
      out[j] = { ...ks[j], pose: ks[i].pose, easing: ks[i].easing };
      return out;
    });
  const showAt = (t: number) => {
    setPreview(t);
    const scene = draft.scene;
    if (!scene) return;
    handle.current?.setPose(poseAt(scene.keyframes, t));
    const snapshot = replayIndexAt(scene, t, snapshots);
    if (snapshot !== null) props.onTimeIndex?.(snapshot);
  };

  const record = async () => {
    const scene = draft.scene;
    if (!scene) return;
    const controller = new AbortController();
    abort.current = controller;
    setStatus('computing the landscape for the scene…');
    const total = sceneFrameCount(scene);
    doneRef.current = 0;
    setProgress({ done: 0, total, bytes: estimateBytes(scene, format) });
    try {
      const prepared = await prepareScene(api, scene);
      try {
        const recording = await recordScene(prepared, {
          format,
          signal: controller.signal,
          onFrame: (_k, snapshot) => {
            if (snapshot !== null) props.onTimeIndex?.(snapshot);
          },
          onProgress: (p) => {
            doneRef.current = p.done;
            setProgress({ done: p.done, total: p.total, bytes: p.estimatedBytes });
          },
        });
        const fileName = safeFileName(scene.name, recording.extension);
        saveBytes(recording.bytes, recording.mime, fileName);
        setStatus(`saved ${fileName}: ${recording.frames} frames, ${bytesLabel(recording.bytes.length)}, ${recording.seconds.toFixed(1)} s (${(recording.frames / recording.seconds).toFixed(1)} frames/s)`);
      } finally {
        prepared.dispose();
      }
    } catch (error) {
      setStatus(error instanceof RecordingCancelled ? `Cancelled after ${doneRef.current} of ${total} frames (Cancel pressed after ${cancelledAt.current}, stopped ${Math.round(performance.now() - pressedTime.current)} ms later): no file was written.` : `could not record: ${(error as Error).message}`);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const saveScene = async () => {
    if (!draft.scene) return;
    try {
      const stored = await api.call('scenes.save', { scene: draft.scene });
      setStatus(`scene saved as ${stored.sceneId} (record it headless with: escape-studio record --scene ${stored.sceneId} --out ${safeFileName(name, 'webm')})`);
      setSceneId(stored.sceneId);
      void refreshList();
    } catch (error) {
      setStatus(`could not save the scene: ${(error as Error).message}`);
    }
  };
  const openScene = async (sceneId: string) => {
    try {
      const scene = await api.call('scenes.get', { sceneId });
      setOpened(scene);
      setSceneId(scene.sceneId ?? null);
      setName(scene.name);
      setKeyframes(scene.keyframes);
      setDuration(scene.duration);
      setFps(scene.fps);
      setSize([scene.width, scene.height]);
      setReplay(scene.replay !== null);
      if (scene.replay) {
        setFrom(scene.replay.from);
        setTo(scene.replay.to);
      }
      setStatus(`opened ${scene.name} (${sceneId}); it records its own run and plane`);
    } catch (error) {
      setStatus(`could not open the scene: ${(error as Error).message}`);
    }
  };

  const recording = progress !== null;
  const scene = draft.scene;
  return (
    <div className="recorder" data-testid="recorder">
      <div className="controls">
        <label>
          Name
          <input data-testid="scene-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" data-testid="keyframe-add" onClick={addKeyframe}>
          Add keyframe (current view)
        </button>
        <button type="button" data-testid="keyframe-orbit" onClick={() => handle.current && setKeyframes(orbitKeyframes(handle.current.getPose(), duration))}>
          Orbit 360°
        </button>
        {keyframes.length > 0 && (
          <button type="button" onClick={() => setKeyframes([])}>
            Clear keyframes
          </button>
        )}
      </div>
      {keyframes.length > 0 ? (
        <table className="keyframes" data-testid="keyframes">
          <thead>
            <tr>
              <th>time (s)</th>
              <th>camera</th>
              <th>then</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keyframes.map((k, i) => (
              <tr key={i}>
                <td>
                  <input type="number" min={0} max={600} step={0.1} value={k.time} onChange={(e) => updateKeyframe(i, { time: Number(e.target.value) })} />
                </td>
                <td className="status-line">
                  az {k.pose.azimuth.toFixed(0)}°, el {k.pose.elevation.toFixed(0)}°, dist {k.pose.distance.toFixed(2)}
                </td>
                <td>
                  <select value={k.easing} onChange={(e) => updateKeyframe(i, { easing: e.target.value as Keyframe['easing'] })}>
                    {SCENE_EASINGS.map((e) => (
                      <option key={e}>{e}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" title="show this view" onClick={() => handle.current?.setPose(k.pose)}>
                    view
                  </button>
                  <button type="button" title="move up" disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" title="move down" disabled={i === keyframes.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" title="remove" onClick={() => setKeyframes((ks) => ks.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="status-line">No keyframes: the recording holds the current view. Add keyframes from views you like, or start from “Orbit 360°”.</p>
      )}
      <div className="controls">
        <label>
          <input type="checkbox" data-testid="replay" checked={replay} disabled={snapshots === 0} onChange={(e) => setReplay(e.target.checked)} /> training replay
        </label>
        {replay && snapshots > 0 && (
          <>
            <label>
              from snapshot
              <input type="number" min={0} max={snapshots - 1} value={from} onChange={(e) => setFrom(Math.round(Number(e.target.value)))} />
            </label>
            <label>
              to
              <input type="number" min={0} max={snapshots - 1} value={to} onChange={(e) => setTo(Math.round(Number(e.target.value)))} />
            </label>
          </>
        )}
        <label>
          Duration (s)
          <input type="number" data-testid="scene-duration" min={0.1} max={600} step={0.5} value={duration} onChange={(e) => setDuration(Number(e.target.value))} />
        </label>
        <label>
          fps
          <select data-testid="scene-fps" value={fps} onChange={(e) => setFps(Number(e.target.value))}>
            {[12, 24, 25, 30, 50, 60].map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Size
          <select data-testid="scene-size" value={size.join('x')} onChange={(e) => setSize(e.target.value.split('x').map(Number) as [number, number])}>
            {SIZES.map(([w, h]) => (
              <option key={`${w}x${h}`} value={`${w}x${h}`}>
                {w}×{h}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select data-testid="scene-format" value={format} onChange={(e) => setFormat(e.target.value as RecordingFormat)}>
            {(Object.keys(FORMAT_INFO) as RecordingFormat[]).map((f) => (
              <option key={f} value={f}>
                {FORMAT_INFO[f].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {scene && (
        <div className="controls">
          <label>
            Preview t
            <input type="range" min={0} max={scene.duration} step={1 / scene.fps} value={Math.min(preview, scene.duration)} onChange={(e) => showAt(Number(e.target.value))} />
          </label>
          <span className="status-line">
            {preview.toFixed(2)} s · {sceneFrameCount(scene)} frames · about {bytesLabel(estimateBytes(scene, format))}
          </span>
        </div>
      )}
      <div className="controls">
        <button type="button" data-testid="record-start" disabled={!scene || recording} onClick={() => void record()}>
          Record
        </button>
        <button
          type="button"
          data-testid="record-cancel"
          disabled={!recording}
          onClick={() => {
            cancelledAt.current = doneRef.current;
            pressedTime.current = performance.now();
            abort.current?.abort();
          }}
        >
          Cancel
        </button>
        <button type="button" data-testid="scene-save" disabled={!scene || recording} onClick={() => void saveScene()}>
          Save scene
        </button>
        <label>
          Open scene
          <select data-testid="scene-open" value="" onChange={(e) => e.target.value && void openScene(e.target.value)}>
            <option value="">{saved.length === 0 ? 'none saved' : 'choose…'}</option>
            {saved.map((s) => (
              <option key={s.sceneId} value={s.sceneId}>
                {s.name} ({formatNumber(s.duration, 3)} s, {s.width}×{s.height})
              </option>
            ))}
          </select>
        </label>
        {opened && (
          <button
            type="button"
            onClick={() => {
              setOpened(null);
              setSceneId(null);
            }}
          >
            Use the current view instead
          </button>
        )}
      </div>
      {progress && (
        <div className="progress" data-testid="record-progress" data-done={progress.done} data-total={progress.total}>
          <progress max={progress.total} value={progress.done} /> {progress.done} / {progress.total} frames, about {bytesLabel(progress.bytes)}
        </div>
      )}
      {draft.problem && (
        <p className="error" role="alert">
          {draft.problem}
        </p>
      )}
      <p className="status-line" data-testid="record-status">
        {status}
      </p>
    </div>
  );
}
