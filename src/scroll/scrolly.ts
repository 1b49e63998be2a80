/**
 * Scroll wiring: scrollama turns each episode's steps into scene states for its figure, and an
 * intersection observer has the episode nav follow the episode being read. Runs once on the
 * article page.
 */
import scrollama from 'scrollama';
import { isEpisodeSlug, isScrubbed, sceneAt, stepIndex, type EpisodeSlug } from './scenes.ts';

/** What a figure element accepts from the scroll wiring. */
export interface SceneTarget extends HTMLElement {
  showScene(step: string, scene: object): void;
}

/** Where in the viewport a step becomes active (fraction from the top). */
const STEP_OFFSET = 0.6;

/** Where in the viewport the nav takes the episode being read from (% from the top). */
const NAV_TOP = 30;

/** How far scrollama's line has crossed a step, 0…1 (reads layout once, on entering it). */
function progressAt(step: Element): number {
  const box = step.getBoundingClientRect();
  if (box.height <= 0) return 0;
  const line = window.innerHeight * STEP_OFFSET;
  return Math.min(Math.max((line - box.top) / box.height, 0), 1);
}

function isSceneTarget(el: Element | null): el is SceneTarget {
  return !!el && typeof (el as Partial<SceneTarget>).showScene === 'function';
}

/** Activates the steps of one episode and hands each step's scene to the episode's figure. */
function wireEpisode(section: HTMLElement, episode: EpisodeSlug): () => void {
  const steps = [...section.querySelectorAll<HTMLElement>('.step[data-step]')];
  if (steps.length === 0) return () => {};
  const scrubbed = isScrubbed(episode);
  const figure = () => section.querySelector('[data-figure]');

  const apply = (element: Element, progress: number) => {
    const id = (element as HTMLElement).dataset.step ?? '';
    const index = stepIndex(episode, id);
    if (index < 0) return;
    const target = figure();
    if (isSceneTarget(target)) target.showScene(id, sceneAt(episode, index, progress));
  };

  const scroller = scrollama();
  scroller
    .setup({ step: steps, offset: STEP_OFFSET, progress: scrubbed })
    .onStepEnter(({ element }) => {
      for (const step of steps) step.classList.toggle('is-active', step === element);
      // Scrollama reports progress only after the step has entered and the scroll moves on, so
      // a page that lands inside a step (a reload, a link, a long jump) would show its start
      // until the next scroll: take the progress from where the line crosses the step now.
      apply(element, scrubbed ? progressAt(element) : 0);
    })
    // Progress also arrives for a step that has just been left; only the active step scrubs.
    .onStepProgress(({ element, progress }) => {
      if (element.classList.contains('is-active')) apply(element, progress);
    });
  return () => scroller.destroy();
}

/**
 * On narrow screens the nav scrolls sideways: where its list must scroll to bring a link into
 * view (centred), or null when the whole list fits. Only reads layout.
 */
function navScrollFor(link: HTMLElement): { list: HTMLElement; left: number } | null {
  const list = link.closest('ol');
  if (!list || list.scrollWidth <= list.clientWidth) return null;
  return { list, left: link.offsetLeft - (list.clientWidth - link.offsetWidth) / 2 };
}

/** Marks the nav link of the episode whose section crosses 30 % down the viewport, if any. */
function wireNav(sections: HTMLElement[]): () => void {
  const links = new Map(
    [...document.querySelectorAll<HTMLAnchorElement>('[data-nav-episode]')].map((a) => [
      a.dataset.navEpisode,
      a,
    ]),
  );
  let marked: string | undefined;
  const mark = (slug: string | undefined) => {
    if (slug === marked) return;
    marked = slug;
    const current = slug === undefined ? undefined : links.get(slug);
    // Measure first: reading the layout after changing attributes would force it to be redone
    // inside this callback. (aria-current changes colours only, so the measure stays right.)
    const scroll = current ? navScrollFor(current) : null;
    for (const [key, link] of links) {
      if (key === slug) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
    if (scroll) {
      const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
      scroll.list.scrollTo({ left: scroll.left, behavior: reduce ? 'auto' : 'smooth' });
    }
  };
  // A band 1 % tall at 30 % down the viewport; the episode in it is the one being read. Every
  // entry of a batch counts, in order: a fast scroll (Home, a long jump, a fling) can carry a
  // section into the band and out again between two callbacks, and both arrive together.
  const crossing = new Set<Element>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) crossing.add(entry.target);
        else crossing.delete(entry.target);
      }
      const inBand = sections.filter((section) => crossing.has(section));
      mark(inBand.at(-1)?.id);
    },
    { rootMargin: `-${NAV_TOP}% 0px -${99 - NAV_TOP}% 0px` },
  );
  for (const section of sections) observer.observe(section);
  return () => observer.disconnect();
}

/** Sets up every episode on the page; returns a function that tears it all down. */
export function wireArticle(root: ParentNode = document): () => void {
  const sections = [...root.querySelectorAll<HTMLElement>('section.episode[data-episode]')];
  const teardowns = sections.flatMap((section) => {
    const slug = section.dataset.episode;
    return isEpisodeSlug(slug) ? [wireEpisode(section, slug)] : [];
  });
  teardowns.push(wireNav(sections));
  return () => teardowns.forEach((teardown) => teardown());
}
