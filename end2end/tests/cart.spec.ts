import { expect, Page, test } from './fixtures';
import { registerMember, uniqueEmail } from './helpers';

/** Opens an in-stock product of the category and adds `quantity` of its chosen SKU. */
async function addFrom(page: Page, category: string, nth: number, quantity: number): Promise<string> {
  await page.goto(`/c/${category}?stock=1`);
  await page.getByTestId('product-card').nth(nth).click();
  await expect(page).toHaveURL(/\/p\//);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.getByLabel('Quantity').fill(String(quantity));
  // Retried until hydration has taken over the form.
  await expect(async () => {
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('added')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return title;
}

function fen(text: string | null): number {
  return Math.round(Number(text!.replace(/[^0-9.]/g, '')) * 100);
}

test.describe('the cart', () => {
  test('a guest fills the cart, changes it without reloads, and keeps it after registering', async ({ page }) => {
    const first = await addFrom(page, 'earbuds', 0, 2);
    await expect(page.getByTestId('cart-count')).toHaveText('2');
    const second = await addFrom(page, 'shoes', 0, 1);
    await expect(page.getByTestId('cart-count')).toHaveText('3');

    await page.getByRole('link', { name: /items in cart/ }).click();
    await expect(page).toHaveURL(/\/cart$/);
    const lines = page.getByTestId('cart-line');
    await expect(lines).toHaveCount(2);
    await expect(lines.first().getByTestId('line-title')).toHaveText(second);

    // The subtotal is the lines' totals, and follows a new quantity.
    const earbuds = lines.filter({ hasText: first });
    const unit = fen(await earbuds.getByTestId('line-price').textContent());
    const other = fen(await lines.first().getByTestId('line-total').textContent());
    await expect(page.getByTestId('subtotal')).toHaveText(`¥${((unit * 2 + other) / 100).toFixed(2)}`);
    await earbuds.getByTestId('line-quantity').fill('3');
    await earbuds.getByTestId('line-update').click();
    await expect(page.getByTestId('subtotal')).toHaveText(`¥${((unit * 3 + other) / 100).toFixed(2)}`);
    await expect(page.getByTestId('cart-count')).toHaveText('4');

    // An unticked line leaves the subtotal.
    await earbuds.getByTestId('line-select').click();
    await expect(earbuds.getByTestId('line-select')).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByTestId('subtotal')).toHaveText(`¥${(other / 100).toFixed(2)}`);

    // The browser itself refuses a quantity of 0 (the server would too),
    // and the cart stays as it was.
    const quantity = earbuds.getByTestId('line-quantity');
    await quantity.fill('0');
    await earbuds.getByTestId('line-update').click();
    expect(await quantity.evaluate((input: HTMLInputElement) => input.checkValidity())).toBe(false);
    await expect(page.getByTestId('cart-count')).toHaveText('4');
    await quantity.fill('3');

    // Registering keeps the cart.
    await registerMember(page, uniqueEmail('cart'), 'a long cart password');
    await expect(page.getByTestId('cart-count')).toHaveText('4');
    await page.goto('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(2);

    await page.getByTestId('cart-line').filter({ hasText: second }).getByTestId('line-remove').click();
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await expect(page.getByTestId('cart-count')).toHaveText('3');
  });
});

test.describe('the cart without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('adding, changing and removing work as plain forms', async ({ page }) => {
    await page.goto('/c/earbuds?stock=1');
    await page.getByTestId('product-card').first().click();
    await page.getByLabel('Quantity').fill('2');
    await page.getByTestId('add-to-cart').click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId('cart-count')).toHaveText('2');
    const line = page.getByTestId('cart-line');
    await expect(line).toHaveCount(1);
    await expect(line.getByTestId('line-quantity')).toHaveValue('2');

    await line.getByTestId('line-quantity').fill('1');
    await line.getByTestId('line-update').click();
    await expect(page.getByTestId('cart-count')).toHaveText('1');

    await line.getByTestId('line-remove').click();
    await expect(page.getByTestId('cart-empty')).toBeVisible();
    await expect(page.getByTestId('cart-count')).toHaveText('0');
  });
});
