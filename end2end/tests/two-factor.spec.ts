import { createHmac } from 'node:crypto';
import { expect, test } from './fixtures';
import { owner, staffLogIn, uniqueEmail } from './helpers';

/** The code an authenticator app shows (RFC 6238: HMAC-SHA1 over the 30-second step, six digits). */
function totp(base32Key: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...base32Key.replace(/\s+/g, '').toUpperCase()]
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

// Run with JavaScript and without: every step is a plain form underneath.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'two-step sign-in' : 'two-step sign-in, without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a staff member sets it up, signs out, and signs in with a code', async ({ page, browser }) => {
      // A staff member of their own: the shared owner keeps signing in with
      // the password alone (within its grace period) in every other journey.
      await staffLogIn(page, owner.email, owner.password);
      await page.goto('/admin/staff');
      const email = uniqueEmail('totp');
      const password = 'two step staff password';
      const form = page.getByTestId('create-staff-form');
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Name').fill('Tess Otp');
      await form.getByLabel('Initial password').fill(password);
      await form.getByLabel('Role').selectOption('support');
      await form.getByRole('button', { name: 'Create' }).click();
      await expect(page.getByTestId('staff-row').filter({ hasText: email })).toBeVisible();

      const context = await browser.newContext({ javaScriptEnabled });
      const staff = await context.newPage();
      await staffLogIn(staff, email, password);

      // Enrol: the QR code and the key, a first code, then the recovery codes once.
      await staff.goto('/admin/two-factor');
      await expect(staff.getByTestId('two-factor-state')).toContainText('Off.');
      await staff.getByRole('button', { name: 'Set it up' }).click();
      const secret = staff.getByTestId('two-factor-secret');
      await expect(secret).toBeVisible();
      await expect(staff.getByTestId('two-factor-qr').locator('svg')).toBeVisible();
      const key = (await secret.textContent()) ?? '';
      await staff.getByLabel('Code from the app', { exact: true }).fill(totp(key));
      await staff.getByRole('button', { name: 'Turn on' }).click();
      await expect(staff.getByTestId('recovery-code')).toHaveCount(10);
      await expect(staff.getByTestId('two-factor-state')).toContainText('On.');
      await staff.reload();
      await expect(staff.getByTestId('two-factor-state')).toContainText('Unused recovery codes: 10');
      await expect(staff.getByTestId('recovery-code')).toHaveCount(0);

      // Sign out, and in again: the password leads to the code.
      await staff.getByRole('button', { name: 'Log out' }).click();
      await expect(staff).toHaveURL(/\/admin\/login/);
      await staff.getByLabel('Email').fill(email);
      await staff.getByLabel('Password').fill(password);
      await staff.getByRole('button', { name: 'Log in' }).click();
      await expect(staff).toHaveURL(/step=code/);
      await expect(staff.getByTestId('admin-who')).toHaveCount(0);

      // A wrong code is refused and said so.
      const code = staff.getByLabel('Code from the app, or a recovery code');
      const next = totp(key, Date.now() + 30_000);
      await code.fill(next === '000000' ? '111111' : '000000');
      await staff.getByRole('button', { name: 'Continue' }).click();
      await expect(staff.getByTestId('form-error')).toContainText('The code is wrong');

      // The code that turned it on is spent; the app's next one opens the back office.
      await code.fill(next);
      await staff.getByRole('button', { name: 'Continue' }).click();
      await expect(staff.getByTestId('admin-who')).toContainText(email);
      await context.close();
    });
  });
}
