/**
 * <episode-figure>: the figure slot of one episode. It receives the scene of the current scroll
 * step and shows the episode's poster until an interactive takes over.
 *
 *   created ──(scene from scroll)──▶ showing poster, remembers the latest scene
 *
 * State lives in private fields; tests and interactives read it through the getters.
 */
export class EpisodeFigureElement extends HTMLElement {
  #step: string | null = null;
  #scene: object | null = null;

  /** The id of the scroll step whose scene the figure shows, or null before any step. */
  get currentStep(): string | null {
    return this.#step;
  }

  /** The scene of the current step. */
  get scene(): object | null {
    return this.#scene;
  }

  /** Called by the scroll wiring when a step becomes active or scrubs. */
  showScene(step: string, scene: object): void {
    const changed = step !== this.#step;
    this.#step = step;
    this.#scene = scene;
    if (changed) this.dispatchEvent(new CustomEvent('scenechange', { detail: { step, scene } }));
  }
}

if (!customElements.get('episode-figure')) {
  customElements.define('episode-figure', EpisodeFigureElement);
}
