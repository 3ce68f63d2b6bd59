import { expect, test } from '@playwright/test';
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

    await firstRow.getByLabel(`Price ${code}`, { exact: true }).fill('123.45');
    await firstRow.getByLabel(`Stock ${code}`, { exact: true }).fill('7');
    await grid.getByRole('button', { name: 'Save prices and stock' }).click();
    await expect(page.getByTestId('form-notice')).toContainText('1 SKU');
    await shopper.goto(`${slug}?sku=${code}`);
    await expect(shopper.getByTestId('price-block').getByTestId('price')).toHaveText('¥123.45');
    await shopper.close();
  });
});
