import { Browser, Page, expect, test } from './fixtures';
import { addAddress, addEarbudsToCart, owner, registerMember, staffLogIn, uniqueEmail } from './helpers';

const fen = (text: string | null) => Math.round(Number(text!.replace(/[^0-9.]/g, '')) * 100);
/** A day as the back office's date fields take it, `days` from today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Staff make a ¥5-off coupon with no minimum spend, ten of them, in their own browser. */
async function staffMakeCoupon(browser: Browser, name: string, use: { days: string } | { from: string; until: string }) {
  const context = await browser.newContext();
  const staff = await context.newPage();
  await staffLogIn(staff, owner.email, owner.password);
  await staff.goto('/admin/promotions');
  const form = staff.getByTestId('new-template');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Kind').selectOption('amount_off');
  await form.getByLabel('Amount off (¥)').fill('5');
  await form.getByLabel('Minimum spend (¥)').fill('0');
  await form.getByLabel('Claim from').fill(day(-30));
  await form.getByLabel('Claim until').fill(day(30));
  if ('days' in use) {
    await form.getByLabel('Usable for this many days after claiming').fill(use.days);
  } else {
    await form.getByLabel('Usable from').fill(use.from);
    await form.getByLabel('Usable until').fill(use.until);
  }
  await form.getByLabel('Quantity').fill('10');
  await form.getByLabel('Per member').fill('1');
  await form.getByTestId('create-template').click();
  const row = staff.getByTestId('coupon-template').filter({ hasText: name });
  await expect(row.getByTestId('template-claimed')).toHaveText('0 / 10');
  await context.close();
}

async function claim(page: Page, name: string) {
  await page.goto('/coupons');
  const card = page.getByTestId('claimable-coupon').filter({ hasText: name });
  await expect(card.getByTestId('coupon-left')).toHaveText('10 of 10 left');
  await card.getByTestId('claim').click();
  await expect(card.getByTestId('coupon-held')).toContainText('You hold 1');
  await expect(card.getByTestId('coupon-left')).toHaveText('9 of 10 left');
  // The limit is one each: nothing more to claim.
  await expect(card.getByTestId('claim')).toBeDisabled();
}

async function checkoutOneProduct(page: Page) {
  await addEarbudsToCart(page);
  await page.goto('/cart');
  await page.getByTestId('checkout').click();
  await expect(page).toHaveURL(/\/checkout$/);
}

test('a claimed coupon is chosen at checkout, paid with, and then shown as used', async ({ page, browser }) => {
  const name = `E2E ¥5 off ${Date.now()}`;
  await staffMakeCoupon(browser, name, { days: '7' });
  await registerMember(page, uniqueEmail('coupon'), 'a long coupon password');
  await addAddress(page);
  await claim(page, name);
  await page.goto('/account/coupons');
  await expect(page.getByTestId('my-coupon').filter({ hasText: name })).toHaveCount(1);

  await checkoutOneProduct(page);
  const choice = page.getByTestId('coupon-choice').filter({ hasText: name });
  await expect(choice.getByRole('radio')).toBeChecked();
  await expect(choice.getByTestId('coupon-saving')).toHaveText('Saves ¥5.00');
  const breakdown = page.getByTestId('breakdown');
  await expect(breakdown.getByTestId('coupon-line')).toContainText('¥5.00');
  const withCoupon = fen(await breakdown.getByTestId('total').textContent());
  // Without it the total is ¥5 more; choosing it again takes the ¥5 off.
  await page.getByLabel('No coupon').check();
  await expect(breakdown.getByTestId('total')).toHaveText(`¥${((withCoupon + 500) / 100).toFixed(2)}`);
  await expect(breakdown.getByTestId('coupon-line')).toHaveCount(0);
  await choice.getByRole('radio').check();
  await expect(breakdown.getByTestId('total')).toHaveText(`¥${(withCoupon / 100).toFixed(2)}`);

  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d{25}$/);
  const orderNo = (await page.getByTestId('order-no').textContent())!.trim();
  expect(fen(await page.getByTestId('total').textContent())).toBe(withCoupon);
  await page.getByTestId('pay-order').click();
  await expect(page.getByTestId('sandbox-amount')).toContainText(`¥${(withCoupon / 100).toFixed(2)}`);
  await page.getByTestId('sandbox-succeed').click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');

  await page.goto('/account/coupons?tab=used');
  const used = page.getByTestId('my-coupon').filter({ hasText: name });
  await expect(used.getByTestId('used-on')).toContainText(orderNo);
  await page.goto('/account/coupons?tab=unused');
  await expect(page.getByTestId('my-coupon').filter({ hasText: name })).toHaveCount(0);
});

test('an expired coupon cannot be chosen at checkout, and says why', async ({ page, browser }) => {
  const name = `E2E expired ${Date.now()}`;
  await staffMakeCoupon(browser, name, { from: day(-20), until: day(-10) });
  await registerMember(page, uniqueEmail('expired'), 'a long expired password');
  await addAddress(page);
  await claim(page, name);
  await page.goto('/account/coupons?tab=expired');
  await expect(page.getByTestId('my-coupon').filter({ hasText: name })).toHaveCount(1);

  await checkoutOneProduct(page);
  const refused = page.getByTestId('coupon-unusable').filter({ hasText: name });
  await expect(refused.getByTestId('coupon-reason')).toHaveText('Expired');
  await expect(refused.getByRole('radio')).toBeDisabled();
  await expect(page.getByTestId('coupon-choice').filter({ hasText: name })).toHaveCount(0);
  await expect(page.getByTestId('breakdown').getByTestId('coupon-line')).toHaveCount(0);
});
