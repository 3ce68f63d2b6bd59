import { expect, test } from './fixtures';

test.describe('searching the shop', () => {
  test('a shopper types in the header, walks the suggestions with the keyboard and opens one', async ({ page }) => {
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search products' });
    const list = page.getByTestId('search-suggestions');
    // Typed slowly enough, once hydrated, the box offers matching products.
    await expect(async () => {
      await box.fill('');
      await box.pressSequentially('蓝牙耳', { delay: 20 });
      await expect(list.getByRole('option').first()).toBeVisible({ timeout: 2_000 });
    }).toPass();
    const options = list.getByRole('option');
    for (const text of await options.allTextContents()) {
      expect(text).toMatch(/蓝牙|耳/);
    }
    await box.press('ArrowDown');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    const chosen = (await options.nth(1).getByRole('link').getAttribute('href'))!;
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${chosen}$`));
    await expect(page.locator('h1[data-testid="product-title"]')).toBeVisible();
  });

  test('Chinese words find titles that contain them, and filters keep the words', async ({ page }) => {
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.fill('蓝牙耳机');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=/);
    await expect(page.getByTestId('search-title')).toContainText('蓝牙耳机');
    const titles = page.getByTestId('product-grid').getByTestId('product-title');
    await expect(titles.first()).toBeVisible();
    for (const title of await titles.allTextContents()) {
      expect(title).toContain('无线蓝牙耳机');
    }

    const brand = page.getByTestId('facet-brand').first();
    const brandName = (await brand.getAttribute('data-value'))!;
    await brand.click();
    await expect(page).toHaveURL(new RegExp(`q=.*brand=${brandName}`));
    await expect(page.getByTestId('search-title')).toContainText('蓝牙耳机');
  });

  test('a misspelt English word still finds the product', async ({ page }) => {
    await page.goto('/search?q=wireles+earbuts');
    const titles = page.getByTestId('product-grid').getByTestId('product-title');
    await expect(titles.first()).toBeVisible();
    expect((await titles.allTextContents()).some((t) => /wireless earbuds/i.test(t))).toBe(true);
  });

  test('a search with no results suggests where to go instead', async ({ page }) => {
    await page.goto('/search?q=qwzxv');
    await expect(page.getByTestId('no-results')).toContainText('Nothing matches “qwzxv”');
    await expect(page.getByTestId('suggested-categories').getByRole('link').first()).toBeVisible();
    await expect(page.getByTestId('popular').getByTestId('product-title').first()).toBeVisible();
  });
});
