import { expect, test } from './fixtures';

// Crawlers and shoppers with JavaScript off get the same pages, rendered on the server.
test.use({ javaScriptEnabled: false });

test.describe('the page shell, without JavaScript', () => {
  test('the home page HTML has the whole shell and the store name', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('store-name')).toHaveText('Ferris Market');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Ferris Market');
    await expect(page.getByRole('search')).toBeVisible();
    await expect(page.getByRole('link', { name: /cart/i })).toHaveAttribute('href', '/cart');
    await expect(page.getByRole('contentinfo')).toContainText('Ferris Market');
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /Ferris Market/);
  });

  test('the language switcher works as a plain form', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: '简体中文' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临Ferris Market');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Ferris Market');
  });
});
