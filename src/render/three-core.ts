/**
 * Importing this module evaluates the core of three.js (maths, geometry, materials) and nothing
 * of its WebGL renderer: it imports only a core export, so the bundle keeps the core in a chunk
 * of its own. loadLibraries (src/components/interactive-figure.ts) evaluates it a task ahead of
 * the renderer; tests/e2e/bundle.spec.ts checks that the chunks stay apart.
 */
export { REVISION } from 'three';
