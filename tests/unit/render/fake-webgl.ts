/** A WebGL 2 context and canvas for building three.js renderers in Node. */
/**
 * A WebGL 2 context that answers every call plausibly and logs what it was asked: enough for
 * three.js to build its renderer in Node. Constants are their own names.
 */
export function recordingContext(log: string[]) {
  return new Proxy({} as Record<string | symbol, unknown>, {
    get(_, key) {
      if (typeof key !== 'string' || key === 'then' || key === 'canvas') return undefined;
      if (/^[A-Z0-9_]+$/.test(key)) return key;
      return (...args: unknown[]) => {
        log.push(
          key === 'getExtension'
            ? `extension ${String(args[0])}`
            : key === 'scissor' || key === 'viewport'
              ? `${key} ${args.join(',')}`
              : key,
        );
        switch (key) {
          case 'getExtension':
            return {};
          case 'getParameter':
            if (args[0] === 'VERSION') return 'WebGL 2.0';
            if (args[0] === 'SCISSOR_BOX' || args[0] === 'VIEWPORT') return [0, 0, 8, 8];
            return 16;
          case 'getShaderPrecisionFormat':
            return { precision: 23, rangeMin: 127, rangeMax: 127 };
          case 'getContextAttributes':
            return { alpha: true, depth: true, stencil: false, premultipliedAlpha: true };
          case 'isContextLost':
            return false;
          case 'getProgramParameter':
            // No active uniforms or attributes; linked and complete otherwise.
            return args[1] === 'ACTIVE_UNIFORMS' || args[1] === 'ACTIVE_ATTRIBUTES' ? 0 : true;
          case 'getShaderParameter':
            return true;
          case 'getProgramInfoLog':
          case 'getShaderInfoLog':
          case 'getShaderSource':
            return '';
          default:
            return {};
        }
      };
    },
  });
}

/** A laid-out canvas whose only context is `gl`. */
export function fakeCanvas(gl: unknown) {
  return {
    width: 0,
    height: 0,
    style: {},
    getContext: () => gl,
    getBoundingClientRect: () => ({ width: 320, height: 240 }),
    addEventListener() {},
    removeEventListener() {},
  } as unknown as HTMLCanvasElement;
}
