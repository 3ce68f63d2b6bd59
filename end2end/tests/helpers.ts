import { expect, type Page } from './fixtures';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const owner = {
  email: process.env.SHOP_E2E_OWNER_EMAIL ?? 'owner@e2e.test',
  password: process.env.SHOP_E2E_OWNER_PASSWORD ?? 'e2e owner password',
};

/** A unique email per test run, so tests never share an account. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.test`;
}

/** Fills and submits a form, retrying until hydration has taken over (or not, with JS off). */
export async function registerMember(page: Page, email: string, password: string, name = 'Ada Lovelace') {
  await page.goto('/register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** Adds the member's first delivery address (it becomes the default). */
export async function addAddress(page: Page, recipient = 'Ada Lovelace') {
  await page.goto('/account/addresses');
  const form = page.getByTestId('address-form');
  await form.getByLabel('Recipient').fill(recipient);
  await form.getByLabel('Phone number').fill('138 0013 8000');
  await form.getByLabel('Province / region').fill('浙江省');
  await form.getByLabel('City').fill('杭州市');
  await form.getByLabel('Street address').fill('文三路 300 号');
  await form.getByRole('button', { name: 'Add address' }).click();
  await expect(page.getByTestId('address')).toHaveCount(1);
}

/** Puts one pair of earbuds in stock into the cart, retrying until hydration has taken over. */
export async function addEarbudsToCart(page: Page) {
  await page.goto('/c/earbuds?stock=1');
  await page.getByTestId('product-card').first().click();
  await expect(async () => {
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('added')).toBeVisible({ timeout: 1_000 });
  }).toPass();
}

export async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function staffLogIn(page: Page, email: string, password: string) {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('admin-who')).toContainText(email);
}

/** The newest mail in the shop's outbox addressed to `to`, decoded. */
export async function lastMailTo(to: string): Promise<string> {
  const outbox = path.join(process.env.SHOP_E2E_DATA_DIR ?? path.resolve(__dirname, '../../target/e2e-data'), 'outbox');
  let found: string | undefined;
  await expect
    .poll(() => {
      const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
      const mails = files
        .map((f) => path.join(outbox, f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
        .map((f) => fs.readFileSync(f, 'utf8'))
        .filter((m) => m.includes(`To: ${to}`));
      found = mails[0];
      return found !== undefined;
    })
    .toBe(true);
  return decodeMail(found!);
}

function decodeMail(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const joined = body.replace(/=\r?\n/g, '');
    return Buffer.from(joined.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'binary').toString('utf8');
  }
  return body;
}
