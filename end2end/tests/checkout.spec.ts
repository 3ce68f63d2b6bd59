import { expect, test } from './fixtures';
import { addAddress, addEarbudsToCart, registerMember, uniqueEmail } from './helpers';

test('a member checks out the cart, sees the order with its history, and cancels it', async ({ page }) => {
  await registerMember(page, uniqueEmail('checkout'), 'a long checkout password');
  await page.goto('/account/addresses');
  const form = page.getByTestId('address-form');
  await form.getByLabel('Recipient').fill('Ada Home');
  await form.getByLabel('Phone number').fill('138 0013 8000');
  await form.getByLabel('Province / region').fill('浙江省');
  await form.getByLabel('City').fill('杭州市');
  await form.getByLabel('Street address').fill('文三路 100 号');
  await form.getByRole('button', { name: 'Add address' }).click();
  await expect(page.getByTestId('address')).toHaveCount(1);

  await page.goto('/c/earbuds?stock=1');
  await page.getByTestId('product-card').first().click();
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await expect(async () => {
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('added')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await page.getByTestId('added').getByRole('link', { name: 'View cart' }).click();
  await page.getByTestId('checkout').click();
  await expect(page).toHaveURL(/\/checkout$/);

  // The breakdown is the server's: items plus shipping, less the demo
  // shop's store-wide offer when the items reach it, makes the total (this
  // new member holds no coupon).
  const fen = (text: string | null) => Math.round(Number(text!.replace(/[^0-9.]/g, '')) * 100);
  const breakdown = page.getByTestId('breakdown');
  const items = fen(await breakdown.locator('dd').first().textContent());
  const shipping = fen(await breakdown.getByTestId('shipping').textContent());
  const offer = (await breakdown.getByTestId('offer-line').count()) > 0
    ? fen(await breakdown.getByTestId('offer-line').locator('dd').textContent())
    : 0;
  expect(offer > 0).toBe(items >= 29_900);
  await expect(breakdown.getByTestId('coupon-line')).toHaveCount(0);
  expect(fen(await breakdown.getByTestId('total').textContent())).toBe(items + shipping - offer);
  await expect(page.getByTestId('address-choice').getByRole('radio')).toBeChecked();
  await expect(page.getByTestId('checkout-lines')).toContainText(title);

  await page.getByLabel('Note to the shop (optional)').fill('Ring twice');
  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);
  await expect(page.getByTestId('order-status')).toHaveText('Awaiting payment');
  await expect(page.getByTestId('order-lines')).toContainText(title);
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(1);

  await page.getByTestId('cancel-order').click();
  await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('cancel-order')).toHaveCount(0);

  const orderNo = (await page.getByTestId('order-no').textContent())!.trim();
  await page.getByRole('link', { name: 'My orders' }).click();
  const row = page.getByTestId('order-list').locator('li').filter({ hasText: orderNo });
  await expect(row).toContainText('Cancelled');
  await expect(row).toContainText(title);

  // The tabs list only their statuses.
  await page.getByTestId('order-tabs').getByRole('link', { name: 'Cancelled' }).click();
  await expect(page).toHaveURL(/tab=cancelled/);
  await expect(page.getByTestId('order-list').locator('li').filter({ hasText: orderNo })).toHaveCount(1);
  await page.getByTestId('order-tabs').getByRole('link', { name: 'To pay' }).click();
  await expect(page.getByTestId('no-orders')).toHaveText('No orders here.');
});

test('a second checkout tab is told its items were ordered in the first', async ({ page }) => {
  await registerMember(page, uniqueEmail('two-tabs'), 'a long checkout password');
  await addAddress(page, 'Ada Tabs');
  await addEarbudsToCart(page);

  await page.goto('/checkout');
  const second = await page.context().newPage();
  await second.goto('/checkout');
  await expect(second.getByTestId('checkout-lines')).toBeVisible();
  await second.waitForLoadState('networkidle');

  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);

  await second.getByTestId('place-order').click();
  await expect(second.getByText('These items have just been ordered from another tab or page')).toBeVisible();
  await expect(second).toHaveURL(/\/checkout$/);
  await expect(second.getByTestId('cart-count')).toHaveText('0');
  await page.goto('/account/orders');
  await expect(page.getByTestId('order-list').locator('li')).toHaveCount(1);
});

test('express delivery is priced on the page and the order ships express', async ({ page }) => {
  await registerMember(page, uniqueEmail('express'), 'a long checkout password');
  await addAddress(page, 'Ada Express');
  await addEarbudsToCart(page);
  await page.goto('/checkout');

  const fen = (text: string | null) => Math.round(Number(text!.replace(/[^0-9.]/g, '')) * 100);
  const breakdown = page.getByTestId('breakdown');
  const total = async () => fen(await breakdown.getByTestId('total').textContent());
  const choices = page.getByTestId('delivery-choice');
  await expect(choices).toHaveCount(2);
  await expect(choices.filter({ hasText: 'Standard delivery' })).toHaveAttribute('aria-current', 'true');
  const standardTotal = await total();
  const standardFee = fen(await breakdown.getByTestId('shipping').textContent());

  // The demo shop's express costs ¥20 at any order size.
  await choices.filter({ hasText: 'Express delivery' }).click();
  await expect(page).toHaveURL(/\/checkout\?shipping=express$/);
  await expect(choices.filter({ hasText: 'Express delivery' })).toHaveAttribute('aria-current', 'true');
  await expect(breakdown.getByTestId('shipping')).toHaveText('¥20.00');
  await expect.poll(total).toBe(standardTotal - standardFee + 2_000);

  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);
  await expect(page.getByTestId('shipping-method')).toHaveText('Delivery: Express delivery');
  await expect(page.getByTestId('breakdown').getByTestId('shipping')).toHaveText('¥20.00');
  expect(fen(await page.getByTestId('breakdown').getByTestId('total').textContent())).toBe(
    standardTotal - standardFee + 2_000,
  );
});

test.describe('checkout without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('cart, checkout and cancel work as plain forms', async ({ page }) => {
    await registerMember(page, uniqueEmail('plain-checkout'), 'a long checkout password');
    await page.goto('/account/addresses');
    const form = page.getByTestId('address-form');
    await form.getByLabel('Recipient').fill('Ada Plain');
    await form.getByLabel('Phone number').fill('138 0013 8000');
    await form.getByLabel('Province / region').fill('浙江省');
    await form.getByLabel('City').fill('杭州市');
    await form.getByLabel('Street address').fill('文三路 1 号');
    await form.getByRole('button', { name: 'Add address' }).click();
    await expect(page.getByTestId('address')).toHaveCount(1);

    await page.goto('/c/shoes?stock=1');
    await page.getByTestId('product-card').first().click();
    await page.getByTestId('add-to-cart').click();
    await expect(page).toHaveURL(/\/cart$/);
    await page.getByTestId('checkout').click();
    await expect(page).toHaveURL(/\/checkout$/);
    // Choosing the delivery is a link: the server prices the page for it.
    await page.getByTestId('delivery-choice').filter({ hasText: 'Express delivery' }).click();
    await expect(page).toHaveURL(/\/checkout\?shipping=express$/);
    await expect(page.getByTestId('breakdown').getByTestId('shipping')).toHaveText('¥20.00');
    await page.getByTestId('place-order').click();
    await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);
    await expect(page.getByTestId('order-status')).toHaveText('Awaiting payment');
    await expect(page.getByTestId('shipping-method')).toHaveText('Delivery: Express delivery');
    await expect(page.getByTestId('cart-count')).toHaveText('0');

    await page.getByTestId('cancel-order').click();
    await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
  });
});
