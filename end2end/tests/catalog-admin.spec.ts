import { expect, test } from './fixtures';
import { owner, staffLogIn } from './helpers';

test.describe('the catalog back office', () => {
  test('staff change a SKU price and the product page shows it; a bad row is refused by number', async ({ page, browser }) => {
    await staffLogIn(page, owner.email, owner.password);
    await page.getByTestId('admin-nav').getByRole('link', { name: 'Products' }).click();
    await expect(page).toHaveURL(/\/admin\/products$/);

    await page.getByRole('searchbox', { name: 'Search by title' }).fill('手机保护壳');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=/);
    await page.getByTestId('product-table').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/admin\/products\/\d+$/);

    const grid = page.getByTestId('sku-grid');
    const firstRow = grid.locator('tr[data-sku]').first();
    const code = (await firstRow.getAttribute('data-sku'))!;
    const slug = (await page.locator('a[href^="/p/"]').first().getAttribute('href'))!;

    // A stock that is not a number: the row is named and nothing is saved.
    await firstRow.getByLabel(`Price ${code}`, { exact: true }).fill('123.45');
    await firstRow.getByLabel(`Stock ${code}`, { exact: true }).fill('many');
    await grid.getByRole('button', { name: 'Save prices and stock' }).click();
    await expect(page.getByTestId('form-error')).toContainText('Row 1');
    const shopper = await browser.newPage();
    await shopper.goto(`${slug}?sku=${code}`);
    await expect(shopper.getByTestId('price-block').getByTestId('price')).not.toHaveText('¥123.45');

    // A price above the old "original" price would be a fake discount: drop it.
    await firstRow.getByLabel(`Price ${code}`, { exact: true }).fill('123.45');
    await firstRow.getByLabel(`Original price ${code}`, { exact: true }).fill('');
    await firstRow.getByLabel(`Stock ${code}`, { exact: true }).fill('7');
    await grid.getByRole('button', { name: 'Save prices and stock' }).click();
    await expect(page.getByTestId('form-notice')).toContainText('1 SKU');
    await shopper.goto(`${slug}?sku=${code}`);
    await expect(shopper.getByTestId('price-block').getByTestId('price')).toHaveText('¥123.45');
    await shopper.close();
  });
});

test('a CSV import with one bad row names it and changes nothing; fixed, it is applied', async ({ page, browser }) => {
  await staffLogIn(page, owner.email, owner.password);
  const exported = await page.request.get('/admin/products.csv');
  expect(exported.status()).toBe(200);
  const rows = (await exported.text()).trim().split('\n');
  expect(rows[0]).toBe('product_slug,title,sku_code,variant,price,original_price,stock');
  // A product of a category no other test edits.
  const row = rows.find((r) => r.includes('手机保护壳') && !r.startsWith('"'))!.split(',');
  const [slug, , code] = row;

  await page.goto('/admin/products/import');
  const form = page.getByTestId('import-form');
  const text = form.getByLabel('CSV content');
  // Reading the chosen file is the hydrated page's work: a file chosen
  // before hydration is chosen again.
  await expect(async () => {
    await form.getByLabel('CSV file').setInputFiles({
      name: 'prices.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`sku_code,price,stock\n${code},66.60,3\n${code}-X,1.00,1\n`),
    });
    await expect(text).toHaveValue(new RegExp(code), { timeout: 1_000 });
  }).toPass();
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('form-error')).toContainText('Row 3');

  const shopper = await browser.newPage();
  await shopper.goto(`/p/${slug}?sku=${code}`);
  await expect(shopper.getByTestId('price-block').getByTestId('price')).not.toHaveText('¥66.60');

  await text.fill(`sku_code,price,stock\n${code},66.60,3\n`);
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('form-notice')).toContainText('1 SKU');
  await shopper.goto(`/p/${slug}?sku=${code}`);
  await expect(shopper.getByTestId('price-block').getByTestId('price')).toHaveText('¥66.60');
  await shopper.close();
});
