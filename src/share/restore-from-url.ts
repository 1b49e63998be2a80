/**
 * Opening a shared link: read the episode and its state from the query string, hand the state to
 * that episode's figure, and bring the episode into view. Bad values were already replaced by
 * their defaults in parseUrlState; a URL that names no episode changes nothing.
 */
import { parseUrlState } from '../state/episode-state.ts';

interface RestoreTarget extends HTMLElement {
  restoreState(state: object): void;
}

/** Applies the URL's state to its figure; scrolls to the episode when `scroll` is set. */
export function restoreFromUrl(options: { scroll: boolean }): void {
  const parsed = parseUrlState(location.search);
  if (!parsed) return;
  const figure = document.querySelector<HTMLElement>(
    `[data-figure][data-episode="${parsed.episode}"]`,
  );
  const apply = () => {
    if (figure && typeof (figure as Partial<RestoreTarget>).restoreState === 'function') {
      (figure as RestoreTarget).restoreState(parsed.state);
    }
  };
  // The figure's element may be defined by a script that runs after this one.
  const tag = figure?.localName ?? '';
  if (tag.includes('-') && !customElements.get(tag))
    void customElements.whenDefined(tag).then(apply);
  else apply();
  if (options.scroll && !location.hash) {
    document.getElementById(parsed.episode)?.scrollIntoView({ block: 'start' });
  }
}
