import { expect, test } from './fixtures';
import { registerMember, uniqueEmail } from './helpers';

test.describe('favourites and recently viewed', () => {
  test('a guest is asked to log in; a member keeps favourites and sees what they viewed', async ({ page }) => {
    await page.goto('/c/audio');
    const card = page.getByTestId('product-grid').getByTestId('product-card').first();
    const href = (await card.getAttribute('href'))!;
    const title = (await card.getByTestId('product-title').textContent())!;

    await page.goto(href);
    await expect(page.getByTestId('favourite')).toHaveAttribute('href', /\/login\?next=/);

    await registerMember(page, uniqueEmail('fav'), 'favourite things 42');
    await page.goto(href);
    const favourite = page.getByTestId('favourite');
    // One click, hydrated or not: as a plain form it posts and comes back.
    await favourite.click();
    await expect(favourite).toHaveAttribute('aria-pressed', 'true');
    await expect(favourite).toContainText('In your favourites');

    await page.goto('/account/favourites');
    await expect(page.getByTestId('product-grid').getByTestId('product-title')).toHaveText([title]);

    await page.goto('/account');
    await expect(page.getByTestId('recently-viewed').getByTestId('product-title').first()).toHaveText(title);
    await page.goto('/');
    await expect(page.getByTestId('recently-viewed').getByTestId('product-title').first()).toHaveText(title);
  });
});
