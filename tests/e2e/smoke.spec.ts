import { expect, test } from '@playwright/test';

test('the article page loads with its title', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Painting by Un-Destroying');
});
