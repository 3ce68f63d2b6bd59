import { Browser, expect, Page, test } from './fixtures';
import { addAddress, owner, registerMember, staffLogIn, uniqueEmail } from './helpers';

/** A `datetime-local` value `ms` from now on the store's clock (UTC+8, the default). */
const storeTime = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 19);

async function newMember(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await registerMember(page, uniqueEmail(prefix), 'a long group password');
  await addAddress(page);
  return { page, context };
}

/** From the group page: to the order, through the sandbox, paid. */
async function payForPlace(page: Page) {
  await page.getByTestId('group-pay').click();
  await expect(page).toHaveURL(/\/account\/orders\/\d+$/);
  await page.getByTestId('pay-order').click();
  await page.getByTestId('sandbox-succeed').click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await expect(page.getByTestId('order-group')).toBeVisible();
}

test('two members complete a group of 2 from a shared link', async ({ page, browser }) => {
  test.setTimeout(90_000);
  // Staff set up a deal for pairs at a price no other deal has.
  const price = `1.${String(Date.now() % 90 + 10)}`;
  await staffLogIn(page, owner.email, owner.password);
  await page.goto('/admin/group-deals');
  const form = page.getByTestId('new-group-deal');
  await form.getByLabel('SKU code').fill('D0400-01');
  await form.getByLabel('Group price').fill(price);
  await form.getByLabel('Group size').fill('2');
  await form.getByLabel(/^Starts/).fill(storeTime(-60_000));
  await form.getByLabel(/^Ends/).fill(storeTime(3_600_000));
  await form.getByTestId('create-group-deal').click();
  const row = page.getByTestId('group-admin-deal').filter({ hasText: `¥${price}` });
  await expect(row.getByTestId('group-admin-counts')).toHaveText('0 forming, 0 formed, 0 failed');
  // Running: new groups may get longer to form, the price stays.
  await row.getByTestId('group-deal-edit').click();
  const edit = page.getByTestId('group-deal-form');
  await expect(edit.getByTestId('group-deal-price')).toHaveValue(price);
  await edit.getByTestId('group-deal-hours').fill('48');
  await edit.getByTestId('group-deal-save').click();
  await expect(page).toHaveURL(/\/admin\/group-deals$/);
  await expect(row).toContainText('48 h');

  // The host opens a group and pays for their place.
  const host = await newMember(browser, 'group-host');
  await host.page.goto('/group-buys');
  const deal = host.page.getByTestId('group-deal').filter({ hasText: `¥${price}` });
  await deal.getByTestId('group-open').click();
  await expect(host.page).toHaveURL(/\/group\/\d+$/);
  const link = host.page.url();
  await expect(host.page.getByTestId('group-stage')).toHaveText('Waiting for 1 more to join and pay');
  await expect(host.page.getByTestId('group-countdown')).toContainText(/\d+:\d\d:\d\d/);
  await payForPlace(host.page);
  await host.page.goto(link);
  await expect(host.page.getByTestId('group-place')).toHaveCount(1);
  await expect(host.page.getByTestId('group-place').first()).toHaveAttribute('data-paid', 'true');
  await expect(host.page.getByTestId('group-empty-place')).toHaveCount(1);
  await expect(host.page.getByTestId('group-share-link')).toHaveValue(link);
  await expect(host.page.getByTestId('group-join')).toHaveCount(0);

  // A friend opens the shared link, joins and pays: the group is complete.
  const friend = await newMember(browser, 'group-friend');
  await friend.page.goto(link);
  await expect(friend.page.getByTestId('group-place')).toHaveCount(1);
  await friend.page.getByTestId('group-join').click();
  await expect(friend.page.getByTestId('group-pay')).toBeVisible();
  await payForPlace(friend.page);
  await friend.page.goto(link);
  await expect(friend.page.getByTestId('group-stage')).toHaveText('The group is complete: every order will ship.');
  await expect(friend.page.getByTestId('group-place')).toHaveCount(2);
  await expect(friend.page.getByTestId('group-empty-place')).toHaveCount(0);

  // The host sees it too, and a third member can no longer join.
  await host.page.goto(link);
  await expect(host.page.getByTestId('group-stage')).toHaveText('The group is complete: every order will ship.');
  const late = await newMember(browser, 'group-late');
  await late.page.goto(link);
  await expect(late.page.getByTestId('group-join')).toHaveCount(0);

  await page.reload();
  await expect(row.getByTestId('group-admin-counts')).toHaveText('0 forming, 1 formed, 0 failed');
  for (const member of [host, friend, late]) await member.context.close();
});
