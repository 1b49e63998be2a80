import { describe, expect, test } from 'vitest';
import {
  initialPlayback,
  reducePlayback,
  type PlaybackCommand,
  type PlaybackState,
} from '../../../src/render/reverse-playback.ts';

const ALL = { last: 60, available: 61 };
const still = (frame: number): PlaybackState => ({
  frame,
  playing: false,
  moving: false,
  pending: null,
});

/** Runs commands, finishing every move at once, and returns the final state and the moves made. */
function run(state: PlaybackState, commands: PlaybackCommand[], frames = ALL) {
  const moves: [number, number, boolean][] = [];
  let s = state;
  const queue = [...commands];
  while (queue.length) {
    const { state: next, move } = reducePlayback(s, queue.shift()!, frames);
    s = next;
    if (move) {
      moves.push([move.from, move.to, move.animate]);
      queue.unshift({ type: 'moved' });
    }
  }
  return { state: s, moves };
}

describe('reverse playback', () => {
  test('nothing is drawn until the first asked-for frame arrives; frames stream in on the way', () => {
    let s = initialPlayback(60);
    expect(reducePlayback(s, { type: 'arrived' }, { last: 60, available: 0 }).move).toBeNull();
    const first = reducePlayback(s, { type: 'arrived' }, { last: 60, available: 1 });
    expect(first.move).toEqual({ from: 60, to: 0, animate: false });
    expect(first.state.pending).toBe(60);
    s = { ...first.state, moving: false };
    const end = reducePlayback(s, { type: 'arrived' }, ALL);
    expect(end.move).toEqual({ from: 0, to: 60, animate: false });
    expect(end.state.pending).toBeNull();
  });

  test('play moves one animated frame at a time to the end, then stops', () => {
    const { state, moves } = run(still(57), [{ type: 'play' }]);
    expect(moves).toEqual([
      [57, 58, true],
      [58, 59, true],
      [59, 60, true],
    ]);
    expect(state).toEqual(still(60));
  });

  test('play at the end starts again from the noise', () => {
    const { moves } = run(still(60), [{ type: 'play' }]);
    expect(moves[0]).toEqual([60, 0, false]);
    expect(moves).toHaveLength(61);
  });

  test('playback waits for a frame that has not arrived and goes on when it does', () => {
    const frames = { last: 60, available: 3 };
    const { state, moves } = run(still(0), [{ type: 'play' }], frames);
    expect(moves).toEqual([
      [0, 1, true],
      [1, 2, true],
    ]);
    expect(state.playing).toBe(true);
    const next = reducePlayback(state, { type: 'arrived' }, { last: 60, available: 4 });
    expect(next.move).toEqual({ from: 2, to: 3, animate: true });
  });

  test('pause lets the move under way finish and goes no further', () => {
    let { state } = reducePlayback(still(10), { type: 'play' }, ALL);
    expect(state).toMatchObject({ frame: 11, playing: true, moving: true });
    state = reducePlayback(state, { type: 'pause' }, ALL).state;
    const after = reducePlayback(state, { type: 'moved' }, ALL);
    expect(after.move).toBeNull();
    expect(after.state).toEqual(still(11));
  });

  test('toggle plays and pauses', () => {
    const playing = reducePlayback(still(5), { type: 'toggle' }, ALL).state;
    expect(playing.playing).toBe(true);
    expect(reducePlayback(playing, { type: 'toggle' }, ALL).state.playing).toBe(false);
  });

  test('a single step glides one frame and stops playing; steps stop at the ends', () => {
    const playing = { ...still(20), playing: true };
    const back = reducePlayback(playing, { type: 'step', by: -1 }, ALL);
    expect(back.move).toEqual({ from: 20, to: 19, animate: true });
    expect(back.state.playing).toBe(false);
    expect(reducePlayback(still(60), { type: 'step', by: 1 }, ALL).move).toBeNull();
    expect(reducePlayback(still(0), { type: 'step', by: -1 }, ALL).move).toBeNull();
  });

  test('seek jumps at once, clamps, and waits for a frame not yet computed', () => {
    expect(reducePlayback(still(3), { type: 'seek', frame: 45 }, ALL).move).toEqual({
      from: 3,
      to: 45,
      animate: false,
    });
    expect(reducePlayback(still(3), { type: 'seek', frame: 99 }, ALL).move?.to).toBe(60);
    const waiting = reducePlayback(
      still(3),
      { type: 'seek', frame: 45 },
      { last: 60, available: 10 },
    );
    expect(waiting.move).toBeNull();
    expect(waiting.state.pending).toBe(45);
  });

  test('a jump asked for mid-glide, to a frame that arrives before the glide ends, is made', () => {
    // Playing, gliding from 8 to 9, with frames 0-19 in.
    const gliding: PlaybackState = { frame: 9, playing: true, moving: true, pending: null };
    const early = { last: 60, available: 20 };
    const asked = reducePlayback(gliding, { type: 'seek', frame: 60 }, early);
    expect(asked.move).toBeNull();
    expect(asked.state).toEqual({ frame: 9, playing: false, moving: true, pending: 60 });
    // Every frame arrives while the glide is still under way: nothing moves yet.
    expect(reducePlayback(asked.state, { type: 'arrived' }, ALL).move).toBeNull();
    // The glide ends: no arrival will follow, so the jump is made now.
    const landed = reducePlayback(asked.state, { type: 'moved' }, ALL);
    expect(landed.move).toEqual({ from: 9, to: 60, animate: false });
    expect(landed.state.pending).toBeNull();
    // Had only some frames arrived, it shows the newest and keeps waiting for the rest.
    const partway = reducePlayback(asked.state, { type: 'moved' }, { last: 60, available: 30 });
    expect(partway.move).toEqual({ from: 9, to: 29, animate: false });
    expect(partway.state.pending).toBe(60);
  });

  test('restart goes back to frame 0 and plays', () => {
    const { state, moves } = run(still(33), [{ type: 'restart' }]);
    expect(moves[0]).toEqual([33, 0, false]);
    expect(moves[1]).toEqual([0, 1, true]);
    expect(state).toEqual(still(60));
  });
});
