import { expect, Page, test } from './fixtures';

/** The titles of the products a listing shows, in order. */
async function titles(page: Page): Promise<string[]> {
  return page.getByTestId('product-grid').getByTestId('product-title').allTextContents();
}

/** Prices in fen from a listing's cards, in order. */
async function prices(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('product-grid').getByTestId('price').allTextContents();
  return texts.map((t) => Math.round(Number(t.replace(/[^0-9.]/g, '')) * 100));
}

test.describe('browsing the catalog', () => {
  test('a shopper filters by brand and price, and the URL shows the same results to anyone', async ({ page, browser }) => {
    await page.goto('/c/audio');
    await expect(page.getByTestId('category-title')).toHaveText('Audio');
    const before = await page.getByTestId('result-count').textContent();

    const brand = page.getByTestId('facet-brand').first();
    const brandName = (await brand.getAttribute('data-value'))!;
    // Retried until hydration has taken over the links.
    await brand.click();
    await expect(page).toHaveURL(new RegExp(`brand=${brandName}`));
    await expect(page.getByTestId('result-count')).not.toHaveText(before!);

    const priceForm = page.getByTestId('price-filter');
    await priceForm.getByLabel('Min').fill('100');
    await priceForm.getByLabel('Max').fill('1500');
    await priceForm.getByRole('button', { name: 'Go' }).click();
    await expect(page).toHaveURL(/min=100/);
    await expect(page).toHaveURL(new RegExp(`brand=${brandName}`));
    // The URL changes before the new results render, so retry until they have.
    await expect(async () => {
      const fens = await prices(page);
      expect(fens.length).toBeGreaterThan(0);
      for (const fen of fens) {
        expect(fen).toBeGreaterThanOrEqual(10_000);
        expect(fen).toBeLessThanOrEqual(150_099);
      }
    }).toPass();
    const shown = await titles(page);

    // A link shared with someone else shows exactly the same page.
    const other = await browser.newPage();
    await other.goto(page.url());
    await expect(other.getByTestId('result-count')).toHaveText((await page.getByTestId('result-count').textContent())!);
    expect(await titles(other)).toEqual(shown);
    await other.close();
  });

  test('sorting by price orders the products', async ({ page }) => {
    await page.goto('/c/fashion?sort=price_asc');
    const ascending = await prices(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.locator('[data-sort="price_desc"]').click();
    await expect(page).toHaveURL(/sort=price_desc/);
    await expect(async () => {
      const descending = await prices(page);
      expect(descending.length).toBeGreaterThan(0);
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
    }).toPass();
  });

  test('picking a variant changes the price and stock, and puts the SKU in the URL', async ({ page }) => {
    await page.goto('/c/mens-tshirts?stock=1');
    await page.getByTestId('product-card').first().click();
    await expect(page).toHaveURL(/\/p\//);
    const price = page.getByTestId('price-block').getByTestId('price');
    const before = await price.textContent();

    // Another size that can be bought: sizes are priced by step, so the price moves.
    const sizes = page.locator('[data-testid="variant"][data-spec="Size"][data-available="true"]:not([aria-current])');
    await expect(async () => {
      await sizes.first().click();
      await expect(page).toHaveURL(/sku=D\d{4}-\d{2}/, { timeout: 1_000 });
    }).toPass();
    await expect(price).not.toHaveText(before!);
    await expect(page.getByTestId('stock')).toHaveText(/\d+ in stock/);
    await expect(page.getByTestId('add-to-cart')).toBeEnabled();

    // The URL alone brings back the same choice.
    const url = page.url();
    const chosen = await price.textContent();
    await page.goto(url);
    await expect(page.getByTestId('price-block').getByTestId('price')).toHaveText(chosen!);
  });

  test('a sold-out SKU cannot be added, in the page or by calling the server', async ({ page, request }) => {
    // The demo shop's seventh product is sold out in every SKU.
    await page.goto('/c/smartphones?sort=newest');
    const soldOut = page.getByTestId('product-card').filter({ hasText: 'Sold out' }).first();
    await soldOut.click();
    await expect(page.getByTestId('stock')).toHaveText('Sold out');
    await expect(page.getByTestId('add-to-cart')).toBeDisabled();

    const refused = await request.post('/api/cart/add', { form: { sku: 'D0007-00', quantity: '1' } });
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain('sold out');
  });

  test('a product page carries its structured data and canonical URL', async ({ page }) => {
    await page.goto('/c/earbuds');
    await page.getByTestId('product-card').first().click();
    await expect(page).toHaveURL(/\/p\//);
    const slug = new URL(page.url()).pathname;
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`${slug}$`));
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(jsonLd['@type']).toBe('Product');
    expect(jsonLd.offers.priceCurrency).toBe('CNY');
    const sitemap = await page.request.get('/sitemap.xml');
    expect(await sitemap.text()).toContain(slug);
  });
});

test.describe('the catalog without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('category filters and sorting work as plain links and forms', async ({ page }) => {
    await page.goto('/c/shoes');
    const all = Number((await page.getByTestId('result-count').textContent())!.replace(/\D/g, ''));
    await page.getByTestId('facet-stock').click();
    await expect(page).toHaveURL(/stock=1/);
    const inStock = Number((await page.getByTestId('result-count').textContent())!.replace(/\D/g, ''));
    expect(inStock).toBeLessThan(all);
    expect(inStock).toBeGreaterThan(0);

    await page.getByTestId('facet-spec').filter({ hasText: '42' }).click();
    await expect(page).toHaveURL(/spec=Size%3A42/);
    await page.locator('[data-sort="price_asc"]').click();
    await expect(page).toHaveURL(/sort=price_asc/);
    await expect(page).toHaveURL(/stock=1/);
    const ascending = await prices(page);
    expect(ascending.length).toBeGreaterThan(0);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  });
});
