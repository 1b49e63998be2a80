import { afterAll, expect, test, vi } from 'vitest';

test('tweens follow the reader’s reduced-motion setting as it changes, without re-reading it', async () => {
  let onChange: ((event: { matches: boolean }) => void) | null = null;
  const query = {
    matches: false,
    addEventListener: (_type: string, listener: (event: { matches: boolean }) => void) => {
      onChange = listener;
    },
  };
  const matchMedia = vi.fn(() => query);
  vi.stubGlobal('matchMedia', matchMedia);
  const { tweenValue } = await import('../../../src/render/tween.ts');

  const moving = { value: 0 };
  const glide = tweenValue(moving, 1, 0.5, { update: () => {} });
  expect(glide.duration()).toBe(0.5);
  glide.kill();

  onChange!({ matches: true });
  const still = { value: 0 };
  const jump = tweenValue(still, 1, 0.5, { update: () => {} });
  expect(jump.duration()).toBe(0);
  // A pacing tween (a held frame) keeps its length under reduced motion.
  expect(tweenValue({ value: 0 }, 1, 0.5, { update: () => {} }, { pacing: true }).duration()).toBe(
    0.5,
  );
  expect(matchMedia).toHaveBeenCalledTimes(1);
});

afterAll(() => {
  vi.unstubAllGlobals();
});
