import { Browser, expect, test } from './fixtures';
import { addAddress, owner, registerMember, staffLogIn, uniqueEmail } from './helpers';

/** A `datetime-local` value `ms` from now on the store's clock (UTC+8, the default). */
const storeTime = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 19);

/** Staff set up a session of one SKU at ¥1.00, starting `startsIn` ms from now. */
async function staffMakeSession(browser: Browser, title: string, sku: string, units: number, startsIn: number) {
  const context = await browser.newContext();
  const staff = await context.newPage();
  await staffLogIn(staff, owner.email, owner.password);
  await staff.goto('/admin/flash-sales');
  const form = staff.getByTestId('new-flash-session');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel(/^Starts/).fill(storeTime(startsIn));
  await form.getByLabel(/^Ends/).fill(storeTime(3_600_000));
  await form.getByLabel('Items').fill(`${sku}, 1.00, ${units}, 1`);
  await form.getByTestId('create-flash').click();
  const session = staff.getByTestId('flash-admin-session').filter({ hasText: title });
  await expect(session.getByTestId('flash-admin-sold')).toContainText(`0 / ${units}`);
  return { staff, context };
}

async function newBuyer(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await registerMember(page, uniqueEmail(prefix), 'a long flash password');
  await addAddress(page);
  return { page, context };
}

test('a member watches the countdown reach zero, buys at the flash price and is sent to pay', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await registerMember(page, uniqueEmail('flash'), 'a long flash password');
  await addAddress(page);
  const title = `E2E countdown ${Date.now()}`;
  const { context } = await staffMakeSession(browser, title, 'D0200-01', 2, 12_000);
  await context.close();

  await page.goto('/flash-sales');
  const session = page.getByTestId('flash-session').filter({ hasText: title });
  const buy = session.getByTestId('flash-buy');
  await expect(session.getByTestId('flash-countdown')).toContainText('Starts in 00:');
  await expect(buy).toBeDisabled();
  await expect(buy).toHaveText('Not started');
  // The page's clock runs on: no reload between "starts in" and "ends in".
  await expect(session.getByTestId('flash-countdown')).toContainText('Ends in', { timeout: 20_000 });
  await expect(buy).toBeEnabled();
  await expect(session.getByTestId('flash-price')).toHaveText('¥1.00');
  await buy.click();
  await expect(page.getByTestId('flash-bought')).toContainText('Pay within 10 minutes');
  await expect(session.getByTestId('flash-sold')).toHaveText('1 of 2 sold');

  await page.getByTestId('flash-pay').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d+$/);
  await expect(page.getByTestId('order-status')).toHaveText('Awaiting payment');
  await expect(page.getByText('¥1.00').first()).toBeVisible();

  // One each: a second attempt is refused with the reason.
  await page.goto('/flash-sales');
  await page.getByTestId('flash-session').filter({ hasText: title }).getByTestId('flash-buy').click();
  await expect(page.getByRole('alert')).toContainText('already bought as many');
});

test('once the last unit is bought, others see the item sold out until staff add one', async ({ browser }) => {
  const title = `E2E sold out ${Date.now()}`;
  const { staff, context } = await staffMakeSession(browser, title, 'D0400-01', 1, -60_000);
  const first = await newBuyer(browser, 'flash-first');
  await first.page.goto('/flash-sales');
  await first.page.getByTestId('flash-session').filter({ hasText: title }).getByTestId('flash-buy').click();
  await expect(first.page.getByTestId('flash-bought')).toBeVisible();

  const second = await newBuyer(browser, 'flash-second');
  await second.page.goto('/flash-sales');
  const item = second.page.getByTestId('flash-session').filter({ hasText: title }).getByTestId('flash-item');
  await expect(item.getByTestId('flash-sold-out')).toHaveText('Sold out');
  await expect(item.getByTestId('flash-buy')).toHaveCount(0);
  await expect(item.getByTestId('flash-sold')).toHaveText('1 of 1 sold');

  // Staff see it sold, and this server's answers counted.
  await staff.reload();
  const row = staff.getByTestId('flash-admin-session').filter({ hasText: title });
  await expect(row.getByTestId('flash-admin-sold')).toContainText('1 / 1');

  // While it runs, the price stays; one more unit may be added.
  await row.getByTestId('flash-edit').click();
  const edit = staff.getByTestId('flash-edit-form');
  await expect(edit.getByTestId('flash-edit-items')).toHaveValue('D0400-01, 1.00, 1, 1');
  await edit.getByTestId('flash-edit-items').fill('D0400-01, 0.50, 2, 1');
  await edit.getByTestId('flash-save').click();
  await expect(staff.getByRole('alert')).toContainText('can no longer change');
  await edit.getByTestId('flash-edit-items').fill('D0400-01, 1.00, 2, 1');
  await edit.getByTestId('flash-save').click();
  await expect(staff).toHaveURL(/\/admin\/flash-sales$/);
  await expect(
    staff.getByTestId('flash-admin-session').filter({ hasText: title }).getByTestId('flash-admin-sold'),
  ).toContainText('1 / 2');

  // The member who found it sold out gets the added unit.
  await second.page.reload();
  await second.page.getByTestId('flash-session').filter({ hasText: title }).getByTestId('flash-buy').click();
  await expect(second.page.getByTestId('flash-bought')).toBeVisible();
  await context.close();
  await first.context.close();
  await second.context.close();
});
