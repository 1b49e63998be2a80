/** Inside an embed: tells the host page how tall the content is whenever it changes. */
import { EMBED_HEIGHT_MESSAGE } from './embed-snippet.ts';

/** Starts posting the document's height to the parent window (no-op when not framed). */
export function reportEmbedHeight(): () => void {
  if (window.parent === window) return () => {};
  let last = -1;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // The host is any page on the web: it learns only a height, so any origin may receive it.
    window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, height, href: location.href }, '*');
  };
  const observer = new ResizeObserver(post);
  observer.observe(document.documentElement);
  post();
  return () => observer.disconnect();
}
