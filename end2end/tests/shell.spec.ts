import { expect, test } from './fixtures';

test.describe('the page shell, with JavaScript', () => {
  test('the home page shows the store and hydrates', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('store-name')).toHaveText('Ferris Market');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Ferris Market');
    await expect(page).toHaveTitle('Home | Ferris Market');

    // The category menu only opens once the wasm has taken over the page:
    // retry the click until hydration has attached the handler.
    const toggle = page.getByTestId('category-toggle');
    const menu = page.getByTestId('category-menu');
    await expect(menu).toBeHidden();
    await expect(async () => {
      await toggle.click();
      await expect(menu).toBeVisible({ timeout: 500 });
    }).toPass();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await toggle.click();
    await expect(menu).toBeHidden();
  });

  test('switching language changes the page at once and is remembered', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await expect(async () => {
      await page.getByRole('button', { name: '简体中文' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临Ferris Market', { timeout: 500 });
    }).toPass();
    await expect(page.getByRole('button', { name: '搜索' })).toBeVisible();

    // The choice outlives a reload, and the server renders it from the start.
    await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'lang')?.value).toBe('zh-CN');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临Ferris Market');
  });

  test('an unknown page is a real 404', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to the home page' })).toHaveAttribute('href', '/');
    await expect(page).toHaveTitle('Page not found | Ferris Market');
  });

  test('the layout fits a 360 px phone without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    await expect(page.getByRole('combobox', { name: 'Search products' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('language negotiation', () => {
  test.use({ locale: 'zh-CN' });

  test('a Chinese browser gets Chinese pages, and hydration keeps them Chinese', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临Ferris Market');
    await expect(page).toHaveTitle('首页 | Ferris Market');

    // Once the menu reacts, the wasm is running: the text must not have changed.
    await expect(async () => {
      await page.getByTestId('category-toggle').click();
      await expect(page.getByTestId('category-menu')).toBeVisible({ timeout: 500 });
    }).toPass();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临Ferris Market');
    // The demo catalog's categories, by their Chinese names.
    await expect(page.getByTestId('category-menu')).toContainText('数码电子');
    await expect(page.getByTestId('category-menu')).toContainText('影音娱乐');
  });
});
