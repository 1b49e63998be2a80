/**
 * <figure-share>: the "Copy link" and "Embed" controls under each figure. The link reproduces the
 * figure's current state (src/state/episode-state.ts); the embed code is a one-line iframe.
 * Inside a sandboxed iframe the clipboard may be refused: the text is then selected for the
 * reader to copy by hand, and the status line says so.
 */
import { serializeUrlState, type StateByEpisode } from '../state/episode-state.ts';
import { isEpisodeSlug, type EpisodeSlug } from '../scroll/scenes.ts';

interface ShareSource extends HTMLElement {
  readonly shareState: object | null;
}

export class FigureShareElement extends HTMLElement {
  #episode: EpisodeSlug | null;
  #base: string;
  #title: string;
  #clearStatus = 0;

  constructor() {
    super();
    const slug = this.dataset.episode;
    this.#episode = isEpisodeSlug(slug) ? slug : null;
    this.#base = (this.dataset.base ?? '/').replace(/\/?$/, '/');
    this.#title = this.dataset.title ?? 'Painting by Un-Destroying';
  }

  connectedCallback(): void {
    // Without a known episode there is nothing to link to. (The markup leaves the row visible:
    // showing it here, as this element first did, moved everything below it at load.)
    if (!this.#episode) {
      this.hidden = true;
      return;
    }
    this.addEventListener('click', this.#onClick);
    this.querySelector('details')?.addEventListener('toggle', this.#onToggle);
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.#onClick);
    this.querySelector('details')?.removeEventListener('toggle', this.#onToggle);
    window.clearTimeout(this.#clearStatus);
  }

  /** The article URL that reopens this figure as it is now. */
  get link(): string {
    const episode = this.#episode ?? 'forward';
    const source = this.closest('[data-figure]') as ShareSource | null;
    const state = source?.shareState as StateByEpisode[typeof episode] | null | undefined;
    const query = state ? serializeUrlState(episode, state) : '';
    return new URL(`${this.#base}${query}#${episode}`, location.origin).href;
  }

  /** The embed code for this episode, carrying the figure's current state (loaded on demand). */
  async embedCode(): Promise<string> {
    const { embedSnippet } = await import('./embed-snippet.ts');
    const episode = this.#episode ?? 'forward';
    const query = new URL(this.link).search;
    const src = new URL(`${this.#base}embed/${episode}/${query}`, location.origin).href;
    return embedSnippet(src, this.#title);
  }

  #onToggle = async (): Promise<void> => {
    const code = this.querySelector<HTMLTextAreaElement>('[data-embed-code]');
    if (code) code.value = await this.embedCode();
  };

  #onClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest('button');
    if (!button || !this.contains(button)) return;
    if (button.hasAttribute('data-copy-link')) void this.#copy(this.link, 'Link copied.', null);
    if (button.hasAttribute('data-copy-embed')) {
      const code = this.querySelector<HTMLTextAreaElement>('[data-embed-code]');
      void this.embedCode().then((text) => {
        if (code) code.value = text;
        return this.#copy(text, 'Embed code copied.', code);
      });
    }
  };

  async #copy(text: string, done: string, field: HTMLTextAreaElement | null): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.#say(done);
    } catch {
      // No clipboard here (an embed in a sandboxed iframe, an old browser): select the text.
      const target = field ?? this.querySelector<HTMLInputElement>('[data-link-field]');
      if (target) {
        target.value = text;
        target.hidden = false;
        target.focus();
        target.select();
      }
      this.#say('Copying is blocked here: the text is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }

  #say(message: string): void {
    const status = this.querySelector<HTMLElement>('[data-share-status]');
    if (!status) return;
    status.textContent = message;
    window.clearTimeout(this.#clearStatus);
    this.#clearStatus = window.setTimeout(() => (status.textContent = ''), 6000);
  }
}
