/** The time slider that scrubs every panel, with play/pause. */
import { useEffect, useRef } from 'react';
import { advance, timeLabel } from './timelineData';

interface Props {
  readonly times: readonly number[];
  readonly index: number;
  readonly playing: boolean;
  onIndex(index: number): void;
  onPlaying(playing: boolean): void;
}

/** Snapshots per second while playing. */
const SPEED = 12;

export function TimeSlider({ times, index, playing, onIndex, onPlaying }: Props) {
  const count = times.length;
  const state = useRef({ index, playing, carry: 0 });
  state.current = { ...state.current, index, playing };
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const next = advance(state.current, count, (now - last) / 1000, SPEED);
      last = now;
      state.current = next;
      if (next.index !== index) onIndex(next.index);
      if (!next.playing) onPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, count]);
  return (
    <div className="timebar">
      <button
        type="button"
        data-testid="play-button"
        disabled={count < 2}
        onClick={() => {
          if (!playing && index >= count - 1) onIndex(0);
          onPlaying(!playing);
        }}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <input
        type="range"
        data-testid="time-slider"
        aria-label="time"
        min={0}
        max={Math.max(count - 1, 0)}
        step={1}
        value={Math.min(index, Math.max(count - 1, 0))}
        disabled={count < 2}
        onChange={(e) => {
          onPlaying(false);
          onIndex(Number(e.target.value));
        }}
      />
      <span className="status-line" data-testid="time-label">
        {timeLabel(times, index)}
      </span>
    </div>
  );
}
