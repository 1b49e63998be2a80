import { expect, test, type Page } from '@playwright/test';
import { SCENES } from '../../src/scroll/scenes.ts';
import { EPISODES, scrollElementTo, scrollThrough, watchForProblems } from './helpers.ts';

/** Expects the step to be the episode's one active step, and its figure to show its scene. */
async function expectActive(page: Page, slug: string, id: string): Promise<void> {
  const section = page.locator(`section#${slug}`);
  await expect(section.locator('.step.is-active')).toHaveAttribute('data-step', id);
  await expect(section.locator('.step.is-active')).toHaveCount(1);
  await expect
    .poll(() =>
      section
        .locator('[data-figure]')
        .evaluate((el) => (el as HTMLElement & { currentStep: string }).currentStep),
    )
    .toBe(id);
}

/** Jumps so that scrollama's line (60 % down the viewport) is 40 px below a step's card. */
async function landBelowCard(page: Page, slug: string, id: string): Promise<void> {
  await page.evaluate((sel) => {
    const card = document.querySelector(sel)!;
    const bottom = card.getBoundingClientRect().bottom + window.scrollY;
    window.scrollTo({ top: bottom + 40 - window.innerHeight * 0.6, behavior: 'instant' });
  }, `section#${slug} .step[data-step="${id}"] > .step-card`);
}

test.describe('the article', () => {
  test('renders the header, the nav, five episodes and "Keep playing"', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Generative Models · 5 Interactives')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Painting by Un-Destroying');
    const nav = page.getByRole('navigation', { name: 'Episodes' });
    await expect(nav.getByRole('link')).toHaveText([
      /Forward: destroy/,
      /Reverse: create/,
      /Prompts steer it/,
      /Steps vs quality/,
      /Guidance/,
    ]);
    for (const episode of EPISODES) {
      const section = page.locator(`section#${episode.slug}`);
      await expect(section.locator('.ep-label')).toHaveText(episode.label);
      await expect(section.getByRole('heading', { level: 2 })).not.toBeEmpty();
      await expect(section.locator('.step')).toHaveCount(episode.steps.length);
      await expect(section.locator('aside.callout')).toHaveCount(1);
      await expect(section.locator('img[data-poster]')).toHaveAttribute('alt', /\d\.\d{3}|t = \d/);
    }
    const keepPlaying = page.getByRole('region', { name: 'Keep playing' });
    await expect(keepPlaying.locator('.card')).toHaveCount(2);
    // Entries without a URL say so instead of linking nowhere.
    await expect(keepPlaying.getByText('coming soon')).toHaveCount(2);
    await expect(keepPlaying.getByRole('link')).toHaveCount(0);
  });

  test('episode nav links land on their episode and mark it current', async ({ page }) => {
    // Instant jumps (reduced motion turns smooth scrolling off) keep the check about where each
    // link lands, not about how long a smooth scroll takes on a busy machine.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/');
    for (const episode of EPISODES) {
      const link = page.locator(`[data-nav-episode="${episode.slug}"]`);
      await link.focus();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`#${episode.slug}$`));
      await expect
        .poll(
          () =>
            page
              .locator(`section#${episode.slug}`)
              .evaluate((el) => el.getBoundingClientRect().top),
          {
            timeout: 10_000,
          },
        )
        .toBeLessThan(120);
      await expect(link).toHaveAttribute('aria-current', 'true');
      await expect(page.locator('[data-nav-episode][aria-current="true"]')).toHaveCount(1);
    }
    // Home (from the page, not a control) jumps from the last episode straight to the masthead:
    // no episode stays marked.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 15_000 }).toBe(0);
    await expect(page.locator('[data-nav-episode][aria-current="true"]')).toHaveCount(0);
    // And a jump back down marks the episode it lands in.
    await page.locator('[data-nav-episode="steps"]').click();
    await expect(page.locator('[data-nav-episode="steps"]')).toHaveAttribute(
      'aria-current',
      'true',
    );
    await expect(page.locator('[data-nav-episode][aria-current="true"]')).toHaveCount(1);
  });

  test('episodes far from the screen are skipped, yet keep their real heights', async ({
    page,
  }) => {
    // Every layout shift of the page's load, and every episode marked (or unmarked) as far.
    await page.addInitScript(() => {
      const seen = { shifts: [] as string[], marks: [] as string[] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) {
          seen.shifts.push(`${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
      new MutationObserver((records) => {
        for (const { target } of records) {
          const el = target as Element;
          seen.marks.push(`${el.id} ${el.hasAttribute('data-far') ? 'far' : 'near'}`);
        }
      }).observe(document, { attributeFilter: ['data-far'], subtree: true });
    });
    const seen = () =>
      page.evaluate(
        () => (window as unknown as { seen: { shifts: string[]; marks: string[] } }).seen,
      );
    await page.setViewportSize({ width: 412, height: 823 });
    await page.goto('/');
    // EP 01 is on the first screen; the others start more than a screen below it.
    const far = ['reverse far', 'prompts far', 'steps far', 'guidance far'];
    await expect.poll(async () => (await seen()).marks.toSorted()).toEqual(far.toSorted());
    // Whether a heading is rendered, or skipped with its episode.
    const rendered = (slug: string) =>
      page
        .locator(`section#${slug} h2`)
        .evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));
    expect(await rendered('forward')).toBe(true);
    expect(await rendered('guidance')).toBe(false);
    // Nothing on the first screen moved, or went blank for a frame, as the far ones were marked.
    await page.waitForTimeout(500);
    expect((await seen()).shifts).toEqual([]);
    // The heights as they are, and with every episode laid out: the same to the pixel, so a jump
    // to an episode lands where the page says it is.
    const heights = (unmarked: boolean) =>
      page.evaluate((unmark) => {
        const marked = [...document.querySelectorAll('section.episode[data-far]')];
        if (unmark) for (const el of marked) el.removeAttribute('data-far');
        const measured = [...document.querySelectorAll('section.episode')].map(
          (el) => el.getBoundingClientRect().height,
        );
        for (const el of marked) el.setAttribute('data-far', '');
        return measured;
      }, unmarked);
    const narrow = await heights(false);
    expect(await heights(true)).toEqual(narrow);
    // A new width wraps every line anew: every episode is laid out again before any is skipped.
    const before = (await seen()).marks.length;
    await page.setViewportSize({ width: 1000, height: 823 });
    await expect
      .poll(async () => (await seen()).marks.slice(before).filter((m) => m.startsWith('guidance')))
      .toEqual(['guidance near', 'guidance far']);
    const wide = await heights(false);
    expect(await heights(true)).toEqual(wide);
    expect(wide).not.toEqual(narrow);
  });

  test('tabbing through the sticky nav does not move the page', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => window.scrollTo({ top: 6000, behavior: 'instant' }));
    await page.locator('[data-nav-episode="forward"]').focus();
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => window.scrollY);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    await expect(page.locator('[data-nav-episode="guidance"]')).toBeFocused();
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
  });

  test('scrolling activates each step in order, and in reverse', async ({ page }) => {
    await page.goto('/');
    const all = EPISODES.flatMap((ep) => ep.steps.map((id) => ({ slug: ep.slug, id })));
    for (const { slug, id } of all) {
      await scrollElementTo(page, `section#${slug} .step[data-step="${id}"]`, 0.45);
      await expectActive(page, slug, id);
    }
    for (const { slug, id } of [...all].reverse()) {
      await scrollElementTo(page, `section#${slug} .step[data-step="${id}"]`, 0.45);
      await expectActive(page, slug, id);
    }
  });

  test('the active step is marked by its accent frame, faded by opacity alone', async ({
    page,
  }) => {
    await page.goto('/');
    await scrollElementTo(page, 'section#reverse .step:nth-child(2)', 0.45);
    const steps = page.locator('section#reverse .step');
    await expect(steps.nth(1)).toHaveClass(/is-active/);
    const cards = page.locator('section#reverse .step > .step-card');
    const frame = (i: number) =>
      cards.nth(i).evaluate((el) => {
        const style = getComputedStyle(el, '::before');
        return { opacity: style.opacity, transition: style.transitionProperty };
      });
    await expect.poll(async () => (await frame(1)).opacity).toBe('1');
    await expect.poll(async () => (await frame(0)).opacity).toBe('0');
    // Colour or shadow transitions repaint the article on every frame while the reader scrolls.
    expect((await frame(1)).transition).toBe('opacity');
    const own = await cards.nth(1).evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(own).toBe('0s');
  });

  test('a jump that leaves the line between two cards activates the step above it', async ({
    page,
  }) => {
    // One fresh page per landing: a reload or a link lands there with no scroll before it.
    for (const { slug, steps } of EPISODES) {
      for (const id of steps.slice(0, -1)) {
        await page.goto('/');
        await landBelowCard(page, slug, id);
        await expectActive(page, slug, id);
      }
    }
  });

  test('a page that lands inside an EP 01 step shows the t of where it landed', async ({
    page,
  }) => {
    const tOf = () =>
      page
        .locator('section#forward [data-figure]')
        .evaluate((el) => (el as HTMLElement & { scene: { t: number } | null }).scene?.t ?? -1);
    // Sizes vary which of scrollama's observers reports first; each has shown the step's start.
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
      { width: 360, height: 740 },
    ]) {
      await page.setViewportSize(viewport);
      for (const [i, { id, scene }] of SCENES.forward.slice(0, -1).entries()) {
        await page.goto('/');
        await landBelowCard(page, 'forward', id);
        await expectActive(page, 'forward', id);
        // The line is past the card, so most of the step is behind it: t is well along.
        const next = SCENES.forward[i + 1]!.scene.t;
        await expect.poll(tOf).toBeGreaterThan(scene.t + (next - scene.t) * 0.25);
        expect(await tOf()).toBeLessThanOrEqual(next);
      }
    }
  });

  test('scrolling through EP 01 scrubs the forward timestep', async ({ page }) => {
    await page.goto('/');
    const scrollTo = (fraction: number) =>
      scrollElementTo(page, 'section#forward .step[data-step="a-little"]', fraction);
    const tNow = () =>
      page.locator('section#forward [data-figure]').evaluate(async (el) => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return ((el as HTMLElement & { scene: { t: number } | null }).scene ?? { t: -1 }).t;
      });
    await scrollTo(0.55);
    await scrollTo(0.5);
    const early = await tNow();
    expect(early).toBeGreaterThanOrEqual(100);
    // Scroll progress arrives through an IntersectionObserver, whose report can come a few
    // frames late on a loaded machine: wait for it rather than count frames.
    await scrollTo(0.1);
    await expect.poll(tNow).toBeGreaterThan(early);
    expect(await tNow()).toBeLessThanOrEqual(400);
  });

  test('shows no console errors and makes no failed requests', async ({ page }) => {
    const watch = watchForProblems(page);
    await page.goto('/');
    await scrollThrough(page);
    await page.waitForLoadState('networkidle');
    watch.check();
  });

  test('posters load as real images, each encoding the size its box reserves', async ({ page }) => {
    await page.goto('/');
    for (const episode of EPISODES) {
      const poster = page.locator(`section#${episode.slug} img[data-poster]`);
      // Loaded as the reader nears it, and after the first screen's text (EP 01's is at the foot
      // of a phone's first screen, where the browser would otherwise raise its priority).
      await expect(poster).toHaveAttribute('loading', 'lazy');
      await expect(poster).toHaveAttribute('fetchpriority', 'low');
      // The fallback and every <source> the browser might pick instead.
      const urls = await poster.evaluate((img: HTMLImageElement) => [
        img.getAttribute('src') ?? '',
        ...[...(img.parentElement?.querySelectorAll('source') ?? [])].map(
          (source) => source.getAttribute('srcset') ?? '',
        ),
      ]);
      const box = [
        Number(await poster.getAttribute('width')),
        Number(await poster.getAttribute('height')),
      ];
      expect(box[0], `${episode.slug} poster width`).toBeGreaterThan(100);
      for (const url of urls) {
        const size = await page.evaluate(async (src) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          return [image.naturalWidth, image.naturalHeight];
        }, url);
        expect(size, `${episode.slug} poster ${url}`).toEqual(box);
      }
      // Pixels, decoded off the main thread (an SVG image is a document the page must parse,
      // style and lay out as it nears the screen): AVIF first, WebP for browsers without it.
      await expect(poster).toHaveAttribute('src', /\.webp$/);
      await expect(page.locator(`section#${episode.slug} picture source`)).toHaveAttribute(
        'type',
        'image/avif',
      );
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the prose and the posters are all there', async ({ page }) => {
    await page.goto('/');
    for (const episode of EPISODES) {
      const section = page.locator(`section#${episode.slug}`);
      await expect(section.locator('.step')).toHaveCount(episode.steps.length);
      await expect(section.locator('.step').first()).toBeVisible();
      const src = await section.locator('img[data-poster]').getAttribute('src');
      expect(src).toBeTruthy();
      const response = await page.request.get(src ?? '');
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^image\//);
    }
    await expect(page.locator('math').first()).toBeVisible();
    // "Copy link" and "Embed" need the script: without it they are not offered at all.
    await expect(page.locator('figure-share')).toHaveCount(EPISODES.length);
    for (const share of await page.locator('figure-share').all()) await expect(share).toBeHidden();
  });
});
