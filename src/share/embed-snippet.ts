/** The one-line <iframe> a blogger pastes to embed an episode, and the embed's message protocol. */

/** The message type an embed posts to its host page with its content height. */
export const EMBED_HEIGHT_MESSAGE = 'painting-by-un-destroying:height';

/** Default iframe height in CSS pixels, used until (or without) the loader script resizing it. */
export const EMBED_DEFAULT_HEIGHT = 640;

/** Escapes a value for an HTML attribute. */
function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The embed code for an episode: a responsive, lazy, sandboxed iframe with a title. */
export function embedSnippet(src: string, title: string, height = EMBED_DEFAULT_HEIGHT): string {
  return (
    `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" ` +
    `loading="lazy" sandbox="allow-scripts" style="border:0;max-width:100%" ` +
    `data-painting-embed></iframe>`
  );
}
