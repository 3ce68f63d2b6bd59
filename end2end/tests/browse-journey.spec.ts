import { expect, type Page, test } from './fixtures';

// The main way shoppers browse: narrow a category, sort it, page through it,
// then open a product by clicking its card, all inside the running app (no
// full page load). The app once died here in the browser on the last click
// ("Tried to access a reactive value that has already been disposed"); the
// fixtures fail the journey on any such panic.

/** Clicks a link once hydration has taken it over, i.e. until the URL changes to `expected`. */
async function follow(page: Page, link: ReturnType<Page['locator']>, expected: RegExp) {
  await expect(async () => {
    await link.click();
    await expect(page).toHaveURL(expected, { timeout: 1_000 });
  }).toPass();
}

async function pricesInFen(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('product-grid').getByTestId('price').allTextContents();
  return texts.map((t) => Math.round(Number(t.replace(/[^0-9.]/g, '')) * 100));
}

for (const { locale, home, breadcrumbs } of [
  { locale: 'en-US', home: 'Home', breadcrumbs: 'Breadcrumbs' },
  { locale: 'zh-CN', home: '首页', breadcrumbs: '面包屑导航' },
]) {
  test.describe(`browsing a category, in ${locale}`, () => {
    test.use({ locale });

    test('filter, sort and page a category, then open a product by clicking its card', async ({ page }) => {
      await page.goto('/c/fashion');
      await follow(page, page.getByTestId('facet-stock'), /stock=1/);

      await follow(page, page.locator('[data-sort="price_desc"]'), /sort=price_desc/);
      await expect(page).toHaveURL(/stock=1/);
      await expect(async () => {
        const fens = await pricesInFen(page);
        expect(fens.length).toBeGreaterThan(0);
        expect(fens).toEqual([...fens].sort((a, b) => b - a));
      }).toPass();

      const firstOfPageOne = await page.getByTestId('product-grid').getByTestId('product-title').first().textContent();
      await follow(page, page.getByTestId('pagination').locator('a[rel="next"]'), /page=2/);
      await expect(page.getByTestId('product-grid').getByTestId('product-title').first()).not.toHaveText(firstOfPageOne!);

      const brand = page.getByTestId('facet-brand').first();
      const brandName = (await brand.getAttribute('data-value'))!;
      await follow(page, brand, new RegExp(`brand=${brandName}`));
      await expect(page).toHaveURL(/sort=price_desc/);
      // The address changes at the click; the listing follows when its data
      // arrives, and marks the brand chosen. Until then the cards are the
      // previous listing's.
      await expect(
        page.locator(`[data-testid="facet-brand"][data-value="${brandName}"]`),
      ).toHaveAttribute('aria-current', 'true');

      const card = page.getByTestId('product-grid').getByTestId('product-card').first();
      const title = (await card.getByTestId('product-title').textContent())!.trim();
      await card.click();
      await expect(page).toHaveURL(/\/p\//);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.getByTestId('add-to-cart')).toBeVisible();

      // The breadcrumb starts at the home page once, then the product's categories.
      const trail = page.getByRole('navigation', { name: breadcrumbs }).getByRole('listitem').filter({ hasNotText: '/' });
      const names = (await trail.allTextContents()).map((n) => n.trim());
      expect(names[0]).toBe(home);
      expect(names.slice(1)).not.toContain(home);
      expect(names.length).toBeGreaterThanOrEqual(3);

      // The app is still alive: going back shows the narrowed listing again.
      await page.goBack();
      await expect(page).toHaveURL(new RegExp(`brand=${brandName}`));
      await expect(page.getByTestId('product-grid').getByTestId('product-title').first()).toHaveText(title);
    });
  });
}
