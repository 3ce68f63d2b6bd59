import { expect, type Page, test } from './fixtures';
import { owner, staffLogIn } from './helpers';

test('staff create a category and a product with specs, list it, and shoppers find it', async ({ page, browser }) => {
  const stamp = Date.now();
  const slug = `outdoor-${stamp}`;
  await staffLogIn(page, owner.email, owner.password);
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Categories' }).click();
  await expect(page).toHaveURL(/\/admin\/categories$/);

  const categoryForm = page.getByTestId('category-form');
  await categoryForm.getByLabel('Chinese name').fill('户外装备');
  await categoryForm.getByLabel('English name').fill(`Outdoor ${stamp}`);
  await categoryForm.getByLabel('URL name').fill(slug);
  await categoryForm.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator(`tr[data-category="${slug}"]`)).toBeVisible();

  await page.getByTestId('admin-nav').getByRole('link', { name: 'Products' }).click();
  await page.getByRole('link', { name: 'New product' }).click();
  await expect(page).toHaveURL(/\/admin\/products\/new$/);
  const form = page.getByTestId('new-product-form');
  await form.getByLabel('Title', { exact: true }).fill(`Trail Flask ${stamp}`);
  await form.getByLabel('Category').selectOption({ label: `户外装备 · Outdoor ${stamp}` });
  await form.getByLabel('Attributes').fill('Volume: 750 ml');
  await form.getByLabel('Specs').fill('Colour: Black, Black');
  await form.getByLabel('Price of every SKU (yuan)').fill('88');
  await form.getByLabel('Stock of every SKU').fill('5');
  await form.getByRole('button', { name: 'Create draft' }).click();
  // A repeated value is named by its line, and nothing is created.
  await expect(page.getByTestId('form-error')).toContainText('Specs line 1');
  await expect(page).toHaveURL(/\/admin\/products\/new$/);

  await form.getByLabel('Specs').fill('Colour: Black, Green');
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  await expect(page.getByTestId('product-status')).toHaveText('Draft');
  await expect(page.getByTestId('sku-grid').locator('tr[data-sku]')).toHaveCount(2);
  await page.getByRole('button', { name: 'List this product' }).click();
  await expect(page.getByTestId('product-status')).toHaveText('Listed');

  // A colour added later brings its SKU; a retired one leaves the shop.
  const colour = page.getByTestId('variants').locator('form[data-spec="Colour"]');
  await colour.getByLabel('New value of Colour').fill('Orange');
  await colour.getByLabel('Price of its SKUs (yuan)').fill('92');
  await colour.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('form-notice').filter({ hasText: 'Added 1 SKU' })).toBeVisible();
  await expect(page.getByTestId('sku-grid').locator('tr[data-sku]')).toHaveCount(3);
  // New SKUs start with no stock until staff count the goods in.
  const orange = page.getByTestId('sku-grid').locator('tr[data-sku]').filter({ hasText: 'Orange' });
  await orange.getByLabel(/^Stock/).fill('4');
  await page.getByTestId('sku-grid').getByRole('button', { name: 'Save prices and stock' }).click();
  await expect(page.getByTestId('form-notice').filter({ hasText: '1 SKU(s) changed' })).toBeVisible();
  const statuses = page.getByTestId('sku-statuses');
  const green = statuses.locator('li').filter({ hasText: 'Green' });
  await green.getByRole('button', { name: /Stop selling/ }).click();
  await expect(green.getByTestId('sku-status')).toHaveText('Retired');

  const shopper = await browser.newPage();
  await shopper.goto(`/c/${slug}`);
  const card = shopper.getByTestId('product-card').filter({ hasText: `Trail Flask ${stamp}` });
  await expect(card).toBeVisible();
  await card.click();
  await expect(shopper.getByRole('heading', { level: 1 })).toHaveText(`Trail Flask ${stamp}`);
  await expect(shopper.getByText('750 ml')).toBeVisible();
  const colours = shopper.locator('[data-testid="variant"][data-spec="Colour"]');
  await expect(colours.filter({ hasText: 'Orange' })).toHaveAttribute('data-available', 'true');
  await expect(colours.filter({ hasText: 'Green' })).toHaveAttribute('data-available', 'false');
  await shopper.close();
});

test('staff hide a review and shoppers no longer see it; shown again, it is back', async ({ page, browser }) => {
  await staffLogIn(page, owner.email, owner.password);
  await page.goto('/admin/reviews');
  const first = page.getByTestId('review-list').locator('li[data-review]').first();
  const id = (await first.getAttribute('data-review'))!;
  const item = page.locator(`li[data-review="${id}"]`);
  const product = (await item.getByRole('link').getAttribute('href'))!;
  // How many reviews the product page counts (0 when it says there are none).
  const counted = async (shopper: Page) => {
    const reviews = shopper.getByTestId('reviews');
    await expect(reviews).toBeVisible();
    const count = reviews.getByTestId('review-count');
    return (await count.count()) === 0 ? 0 : parseInt((await count.textContent())!.replace(/\D+/g, ''), 10);
  };

  const shopper = await browser.newPage();
  await shopper.goto(product);
  const before = await counted(shopper);
  expect(before).toBeGreaterThan(0);

  await item.getByRole('button', { name: 'Hide' }).click();
  await expect(item.getByText('Hidden', { exact: true })).toBeVisible();
  await shopper.reload();
  expect(await counted(shopper)).toBe(before - 1);

  await page.goto('/admin/reviews?show=hidden');
  await item.getByRole('button', { name: 'Show again' }).click();
  // Shown again, it leaves the list of hidden reviews.
  await expect(item).toHaveCount(0);
  await shopper.reload();
  expect(await counted(shopper)).toBe(before);
  await shopper.close();
});
