import { Browser, Page, expect, test } from './fixtures';
import { addAddress, owner, registerMember, staffLogIn, uniqueEmail } from './helpers';

/** Adds the first in-stock product of `category` to the cart; its title. */
async function addToCart(page: Page, category: string): Promise<string> {
  await page.goto(`/c/${category}?stock=1`);
  await page.getByTestId('product-card').first().click();
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await expect(async () => {
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('added')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return title;
}

/** Checks out the whole cart; the new order's number. */
async function placeOrder(page: Page): Promise<string> {
  await page.goto('/cart');
  await page.getByTestId('checkout').click();
  await expect(page).toHaveURL(/\/checkout$/);
  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);
  await expect(page.getByTestId('order-status')).toHaveText('Awaiting payment');
  return (await page.getByTestId('order-no').textContent())!.trim();
}

/** Staff ship the order from the back office, in their own browser. */
async function staffShips(browser: Browser, orderNo: string) {
  const context = await browser.newContext();
  const staff = await context.newPage();
  await staffLogIn(staff, owner.email, owner.password);
  await staff.goto(`/admin/orders?order_no=${orderNo}`);
  await expect(staff.getByTestId('orders-found')).toContainText('1');
  await staff.getByRole('link', { name: orderNo }).click();
  await expect(staff.getByTestId('order-status')).toHaveText('Paid');
  const ship = staff.getByTestId('ship-form');
  await ship.getByLabel('Carrier').fill('SF Express');
  await ship.getByLabel('Tracking number').fill('SF1234567890');
  await ship.getByTestId('ship').click();
  await expect(staff.getByTestId('order-status')).toHaveText('Shipped');
  await expect(staff.getByTestId('timeline')).toContainText('SF Express SF1234567890');
  await context.close();
}

test('a guest cart becomes a paid, shipped, completed order that earns points', async ({ page, browser }) => {
  const title = await addToCart(page, 'earbuds');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await registerMember(page, uniqueEmail('journey'), 'a long journey password');
  // The guest's cart joined the new member's.
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await addAddress(page);
  const orderNo = await placeOrder(page);

  await page.getByTestId('pay-order').click();
  await expect(page).toHaveURL(new RegExp(`/pay/${orderNo}\\?payment=pay_`));
  await expect(page.getByTestId('sandbox-amount')).toContainText('¥');
  await page.getByTestId('sandbox-succeed').click();
  await expect(page).toHaveURL(new RegExp(`/account/orders/${orderNo}$`));
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await expect(page.getByTestId('pay-order')).toHaveCount(0);

  await staffShips(browser, orderNo);

  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveText('Shipped');
  await expect(page.getByTestId('tracking')).toContainText('SF1234567890');
  await page.getByTestId('confirm-receipt').click();
  await expect(page.getByTestId('order-status')).toHaveText('Completed');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('order-lines')).toContainText(title);

  // Points come from the outbox, a moment after the order completes.
  await page.goto('/account/points');
  await expect(async () => {
    await page.reload();
    const balance = Number(await page.getByTestId('points-balance').textContent());
    expect(balance).toBeGreaterThan(0);
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('points-history')).toContainText(orderNo);
});

test('a failed payment can be tried again', async ({ page }) => {
  await registerMember(page, uniqueEmail('retry'), 'a long retry password');
  await addAddress(page);
  await addToCart(page, 'shoes');
  const orderNo = await placeOrder(page);

  await page.getByTestId('pay-order').click();
  await page.getByTestId('sandbox-fail').click();
  await expect(page).toHaveURL(new RegExp(`/account/orders/${orderNo}$`));
  await expect(page.getByTestId('order-status')).toHaveText('Awaiting payment');
  await expect(page.getByTestId('payment-failed')).toBeVisible();
  await expect(page.getByTestId('pay-order')).toHaveText('Pay again');

  await page.getByTestId('pay-order').click();
  await page.getByTestId('sandbox-succeed').click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await expect(page.getByTestId('payment-failed')).toHaveCount(0);
});

test.describe('paying without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('pay and ask for a refund as plain forms', async ({ page }) => {
    await registerMember(page, uniqueEmail('plain-pay'), 'a long plain password');
    await addAddress(page);
    await page.goto('/c/shoes?stock=1');
    await page.getByTestId('product-card').first().click();
    await page.getByTestId('add-to-cart').click();
    const orderNo = await placeOrder(page);
    await page.getByTestId('pay-order').click();
    await expect(page).toHaveURL(new RegExp(`/pay/${orderNo}`));
    await page.getByTestId('sandbox-succeed').click();
    await expect(page.getByTestId('order-status')).toHaveText('Paid');

    await page.getByTestId('refund').locator('summary').click();
    await page.getByLabel('Why?').fill('Ordered the wrong size');
    await page.getByTestId('request-refund').click();
    await expect(page.getByTestId('order-status')).toHaveText('Refund requested');
    await expect(page.getByTestId('timeline')).toContainText('Ordered the wrong size');
  });
});

test('an unpaid order is cancelled when its time to pay runs out, and its stock returns', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const staff = await context.newPage();
  await staffLogIn(staff, owner.email, owner.password);
  const setTimeToPay = async (minutes: string) => {
    await staff.goto('/admin/settings');
    const rules = staff.getByTestId('order-rules');
    await rules.getByLabel('Minutes to pay before an order is cancelled').fill(minutes);
    await rules.getByTestId('save-order-rules').click();
    await expect(rules.getByTestId('saved')).toBeVisible();
  };
  await setTimeToPay('1');
  try {
    await registerMember(page, uniqueEmail('timeout'), 'a long timeout password');
    await addAddress(page);
    await addToCart(page, 'kitchen');
    const product = page.url();
    const inStock = async () => Number((await page.getByTestId('stock').textContent())!.replace(/[^0-9]/g, ''));
    const before = await inStock();
    const orderNo = await placeOrder(page);

    await page.goto(product);
    await expect.poll(inStock).toBe(before - 1);

    await page.goto(`/account/orders/${orderNo}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('order-status')).toHaveText('Cancelled', { timeout: 1_000 });
    }).toPass({ timeout: 120_000, intervals: [5_000] });
    await expect(page.getByTestId('timeline')).toContainText('not paid in time');
    await expect(page.getByTestId('pay-order')).toHaveCount(0);

    await page.goto(product);
    await expect.poll(inStock).toBe(before);
  } finally {
    await setTimeToPay('30');
    await context.close();
  }
});
