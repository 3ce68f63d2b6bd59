import * as fs from 'node:fs';
import { expect, test } from './fixtures';
import { lastMailTo, logIn, owner, registerMember, staffLogIn, uniqueEmail } from './helpers';

test.describe('member accounts', () => {
  test('register, log out, log in, add addresses and choose the default', async ({ page }) => {
    const email = uniqueEmail('ada');
    const password = 'correct horse battery';
    await registerMember(page, email, password);
    await expect(page.getByTestId('account-name')).toHaveText('Ada Lovelace');
    await expect(page.getByTestId('account-link')).toContainText('AL');

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('login-link')).toBeVisible();

    await page.goto('/login');
    await logIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);

    await page.getByRole('link', { name: 'Addresses' }).click();
    const addAddress = async (recipient: string, street: string) => {
      const form = page.getByTestId('address-form');
      await form.getByLabel('Recipient').fill(recipient);
      await form.getByLabel('Phone number').fill('138 0013 8000');
      await form.getByLabel('Province / region').fill('浙江省');
      await form.getByLabel('City').fill('杭州市');
      await form.getByLabel('Street address').fill(street);
      await form.getByRole('button', { name: 'Add address' }).click();
    };
    await addAddress('Ada Home', '文三路 100 号');
    await expect(page.getByTestId('address')).toHaveCount(1);
    await addAddress('Ada Office', '西溪路 8 号');
    await expect(page.getByTestId('address')).toHaveCount(2);

    // The first address is the default until another is chosen.
    const office = page.getByTestId('address').filter({ hasText: 'Ada Office' });
    await expect(page.getByTestId('address').filter({ hasText: 'Ada Home' })).toHaveAttribute('data-default', 'true');
    await office.getByRole('button', { name: 'Make default' }).click();
    await expect(office).toHaveAttribute('data-default', 'true');
    await expect(page.getByTestId('address').first()).toContainText('Ada Office');
    await page.reload();
    await expect(page.getByTestId('address').filter({ hasText: 'Ada Office' })).toHaveAttribute('data-default', 'true');
    await expect(page.getByTestId('address').filter({ hasText: 'Ada Home' })).toHaveAttribute('data-default', 'false');
  });

  test('a wrong password gets the same message as an unknown email', async ({ page }) => {
    const email = uniqueEmail('bob');
    await registerMember(page, email, 'correct horse battery', 'Bob');
    await page.context().clearCookies();

    await page.goto('/login');
    await logIn(page, email, 'not the password');
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is wrong.');

    await page.goto('/login');
    await logIn(page, uniqueEmail('nobody'), 'not the password');
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is wrong.');
  });

  test('a guest is sent to log in and comes back to the page they asked for', async ({ page }) => {
    const email = uniqueEmail('cleo');
    await registerMember(page, email, 'correct horse battery', 'Cleo');
    await page.context().clearCookies();

    const response = await page.goto('/account/addresses');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Faddresses$/);
    expect(response?.status()).toBe(200);
    await logIn(page, email, 'correct horse battery');
    await expect(page).toHaveURL(/\/account\/addresses$/);
  });

  test('a login link cannot send the shopper to another site', async ({ page }) => {
    const email = uniqueEmail('dan');
    await registerMember(page, email, 'correct horse battery', 'Dan');
    await page.context().clearCookies();
    await page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
    await logIn(page, email, 'correct horse battery');
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/account$/);
  });

  test('a forgotten password is reset through the link in the mail', async ({ page }) => {
    const email = uniqueEmail('eve');
    await registerMember(page, email, 'correct horse battery', 'Eve');
    await page.context().clearCookies();

    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByTestId('form-notice')).toContainText('a link is on its way');

    const mail = await lastMailTo(email);
    const link = mail.match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]{64}/)?.[0];
    expect(link, mail).toBeTruthy();
    await page.goto(link!);
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page).toHaveURL(/\/login\?reset=done$/);
    await expect(page.getByTestId('form-notice')).toContainText('Your password has been changed');

    await logIn(page, email, 'a brand new passphrase');
    await expect(page).toHaveURL(/\/account$/);

    // The link worked once.
    await page.goto(link!);
    await page.getByLabel('New password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByTestId('form-error')).toContainText('expired or was already used');
  });
});

test.describe('the back office', () => {
  test('a member opening /admin is refused', async ({ page }) => {
    await registerMember(page, uniqueEmail('fay'), 'correct horse battery', 'Fay');
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/login/);
    await expect(page.getByTestId('admin-nav')).toHaveCount(0);
    const api = await page.request.get('/api/admin/staff/list');
    expect(api.status()).toBe(403);
  });

  test('an owner creates a catalog-only staff member, who sees only what the role allows', async ({ page, browser }) => {
    await staffLogIn(page, owner.email, owner.password);
    const nav = page.getByTestId('admin-nav');
    await expect(nav.getByRole('link')).toHaveText(['Home', 'Products', 'Categories', 'Brands', 'Reviews', 'Orders', 'Promotions', 'Flash sales', 'Group deals', 'Members', 'Staff', 'Settings', 'Audit log']);

    await nav.getByRole('link', { name: 'Staff' }).click();
    const staffEmail = uniqueEmail('cat');
    const form = page.getByTestId('create-staff-form');
    await form.getByLabel('Email').fill(staffEmail);
    await form.getByLabel('Name').fill('Cat Alog');
    await form.getByLabel('Initial password').fill('catalog staff password');
    await form.getByLabel('Role').selectOption('catalog');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('staff-row').filter({ hasText: staffEmail })).toBeVisible();

    // The creation is in the audit log, attributed to the owner.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByTestId('audit-row').filter({ hasText: staffEmail }).first()).toContainText('staff.create');

    const other = await browser.newContext();
    const catalog = await other.newPage();
    await staffLogIn(catalog, staffEmail, 'catalog staff password');
    await expect(catalog.getByTestId('admin-nav').getByRole('link')).toHaveText(['Home', 'Products', 'Categories', 'Brands', 'Reviews']);
    await expect(catalog.getByTestId('admin-role')).toHaveText('Catalog');

    const refused = await catalog.goto('/admin/staff');
    expect(refused?.status()).toBe(403);
    await expect(catalog.getByTestId('admin-refused')).toBeVisible();
    const api = await catalog.request.get('/api/admin/members/search?query=&page=0');
    expect(api.status()).toBe(403);
    const promotions = await catalog.request.post('/api/admin/promotions/coupons/status', {
      form: { template_id: '1', active: 'false' },
    });
    expect(promotions.status()).toBe(403);
    const flash = await catalog.request.post('/api/admin/flash/end', { form: { session_id: '1' } });
    expect(flash.status()).toBe(403);
    const group = await catalog.request.post('/api/admin/group/end', { form: { deal_id: '1' } });
    expect(group.status()).toBe(403);
    await other.close();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('logging in works as a plain form, and a wrong password says so', async ({ page, browser }) => {
    const email = uniqueEmail('gus');
    const withJs = await browser.newContext();
    await registerMember(await withJs.newPage(), email, 'correct horse battery', 'Gus');
    await withJs.close();

    await page.goto('/login');
    await logIn(page, email, 'wrong password here');
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is wrong.');

    await page.goto('/login');
    await logIn(page, email, 'correct horse battery');
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('account-name')).toHaveText('Gus');
  });
});

test.describe('devices and personal data', () => {
  test('a member signs a forgotten device out, takes a copy of their data and closes the account', async ({ page, browser }) => {
    const email = uniqueEmail('leaving');
    const password = 'a long leaving password';
    await registerMember(page, email, password);

    // The same member on a second device (another browser context).
    const other = await browser.newContext();
    const phone = await other.newPage();
    await phone.goto('/login');
    await logIn(phone, email, password);
    await expect(phone).toHaveURL(/\/account$/);

    await page.getByRole('link', { name: 'Signed-in devices' }).click();
    await expect(page.getByTestId('device')).toHaveCount(2);
    await expect(page.getByTestId('this-device')).toHaveCount(1);
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect(page.getByTestId('device')).toHaveCount(1);
    await expect(page.getByTestId('only-device')).toBeVisible();
    await phone.goto('/account');
    await expect(phone).toHaveURL(/\/login\?next=/);
    await other.close();

    await page.getByRole('link', { name: 'Your data' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-my-data').click(),
    ]);
    expect(download.suggestedFilename()).toBe('my-data.json');
    const copy = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(copy.data.account.profile.email).toBe(email);

    const form = page.getByTestId('close-account-form');
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Close my account' }).click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await form.getByLabel('Current password').fill(password);
    await form.getByRole('button', { name: 'Close my account' }).click();
    await expect(page).toHaveURL(/\/\?account=closed$/);
    await expect(page.getByTestId('login-link')).toBeVisible();

    await page.goto('/login');
    await logIn(page, email, password);
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is wrong.');
  });
});
