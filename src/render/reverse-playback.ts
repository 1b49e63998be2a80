/**
 * EP 02's playback as a pure state machine: which frame of the run the figure moves to next, given
 * the reader's commands and the frames the worker has delivered so far. The view carries out each
 * move (a gsap tween of the blend, or an instant jump) and reports back when it has finished.
 *
 *   still ──play──▶ playing: move k → k+1, …, wait when frame k+1 has not arrived, stop at the end
 *     ▲                │ pause / seek / step: stop (a move already under way finishes)
 *     └────────────────┘
 */

/** Where playback stands. */
export interface PlaybackState {
  /** The frame shown, or being moved to. */
  frame: number;
  playing: boolean;
  /** A move is under way (the view reports `moved` when it ends). */
  moving: boolean;
  /** A frame the reader asked for that has not arrived yet. */
  pending: number | null;
}

/** What can happen: the reader's commands, the end of a move, the arrival of frames. */
export type PlaybackCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'restart' }
  | { type: 'step'; by: number }
  | { type: 'seek'; frame: number }
  | { type: 'moved' }
  | { type: 'arrived' };

/** A move for the view to make: from one frame to another, tweened or at once. */
export interface PlaybackMove {
  from: number;
  to: number;
  animate: boolean;
}

/** The frames there are (0 … last) and how many have arrived (frames 0 … available − 1). */
export interface PlaybackFrames {
  last: number;
  available: number;
}

/** Playback before anything is drawn: waiting to show `frame` once it arrives. */
export function initialPlayback(frame: number): PlaybackState {
  return { frame, playing: false, moving: false, pending: frame };
}

/** The next state and the move to make (if any) after `command`. */
export function reducePlayback(
  state: PlaybackState,
  command: PlaybackCommand,
  frames: PlaybackFrames,
): { state: PlaybackState; move: PlaybackMove | null } {
  const { last, available } = frames;
  const clamp = (k: number) => Math.min(last, Math.max(0, Math.round(k)));
  const has = (k: number) => k < available;
  type Result = { state: PlaybackState; move: PlaybackMove | null };
  const moveTo = (s: PlaybackState, to: number, animate: boolean): Result => ({
    state: { ...s, frame: to, moving: true, pending: null },
    move: { from: s.frame, to, animate },
  });
  /** While playing and still: the next frame if it has arrived, the end, or wait. */
  const advance = (s: PlaybackState): Result => {
    if (!s.playing || s.moving) return { state: s, move: null };
    if (s.frame >= last) return { state: { ...s, playing: false }, move: null };
    return has(s.frame + 1) ? moveTo(s, s.frame + 1, true) : { state: s, move: null };
  };
  /** With a frame asked for: shows the newest frame on the way to it (or it), at once. */
  const showPending = (s: PlaybackState, pending: number): Result => {
    const to = Math.min(pending, available - 1);
    if (to < 0) return { state: s, move: null };
    const next = moveTo(s, to, false);
    if (to < pending) next.state.pending = pending;
    return next;
  };
  /** Stops playing and goes to frame k: at once for a jump, tweened for a single step. */
  const goTo = (s: PlaybackState, k: number, animate: boolean): Result => {
    const stopped = { ...s, playing: false };
    if (k === s.frame && !s.moving && s.pending === null) return { state: stopped, move: null };
    if (!has(k)) return { state: { ...stopped, pending: k }, move: null };
    return moveTo(stopped, k, animate);
  };

  switch (command.type) {
    case 'play': {
      if (state.playing) return { state, move: null };
      // Playing from the end starts the film again from the noise.
      if (state.frame >= last && has(0)) return moveTo({ ...state, playing: true }, 0, false);
      return advance({ ...state, playing: true, pending: null });
    }
    case 'pause':
      return { state: { ...state, playing: false, pending: null }, move: null };
    case 'toggle':
      return reducePlayback(state, { type: state.playing ? 'pause' : 'play' }, frames);
    case 'restart': {
      const playing = { ...state, playing: true, pending: null };
      return has(0) ? moveTo(playing, 0, false) : { state: { ...playing, frame: 0 }, move: null };
    }
    case 'step':
      return goTo(state, clamp(state.frame + command.by), true);
    case 'seek':
      return goTo(state, clamp(command.frame), false);
    case 'moved': {
      // A jump asked for during the move that just ended (to a frame that had not arrived then)
      // is served now: its frames may all have arrived meanwhile, and no arrival would follow.
      const still = { ...state, moving: false };
      return still.pending !== null ? showPending(still, still.pending) : advance(still);
    }
    case 'arrived':
      return state.pending !== null && !state.moving
        ? showPending(state, state.pending)
        : advance(state);
  }
}
