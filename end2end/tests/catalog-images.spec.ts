import { expect, test } from './fixtures';
import { deflateSync } from 'node:zlib';
import { owner, staffLogIn } from './helpers';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A one-colour PNG drawn here, so the test needs no picture file. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB; compression, filter and interlace stay 0
  const row = Buffer.alloc(1 + width * 3); // each row starts with filter type 0
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

test.describe('product pictures in the back office', () => {
  test('a text file is refused by name; an uploaded picture shows in the back office and to shoppers', async ({ page, browser }) => {
    await staffLogIn(page, owner.email, owner.password);
    // A category no other test edits.
    await page.goto(`/admin/products?q=${encodeURIComponent('记忆棉枕头')}&status=listed`);
    await page.getByTestId('product-table').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
    const slug = (await page.locator('a[href^="/p/"]').first().getAttribute('href'))!;

    const panel = page.getByTestId('product-images');
    const cards = panel.locator('li[data-image]');
    await expect(cards.first()).toBeVisible();
    const before = await cards.count();
    const form = page.getByTestId('image-upload');

    await form.getByLabel('Picture', { exact: true }).setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('Not a picture, whatever its name says.'),
    });
    await form.getByRole('button', { name: 'Upload picture' }).click();
    await expect(page).toHaveURL(/\?image_error=type$/);
    await expect(page.getByTestId('image-error')).toContainText('not a JPEG, PNG or WebP picture');
    await expect(cards).toHaveCount(before);

    await form.getByLabel('Picture', { exact: true }).setInputFiles({
      name: 'teal-pillow.png',
      mimeType: 'image/png',
      buffer: png(1200, 900, [0, 128, 128]),
    });
    await form.getByLabel('Description (optional)').fill('A teal test pillow');
    await form.getByRole('button', { name: 'Upload picture' }).click();
    await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
    await expect(page.getByTestId('image-error')).toHaveCount(0);
    await expect(cards).toHaveCount(before + 1);
    const added = cards.last();
    const src = (await added.getAttribute('data-image'))!;
    expect(src).toMatch(/^\/media\/products\/\d+\/[0-9a-f]{32}-800\.jpg$/);
    const picture = added.getByRole('img', { name: 'A teal test pillow' });
    await expect(picture).toBeVisible();
    // Loaded, and at the width the product page shows.
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);

    const shopper = await browser.newPage();
    await shopper.goto(slug);
    const gallery = shopper.getByTestId('gallery');
    // The thumbnail is the 400 px rendition, a third of the bytes.
    const small = src.replace(/-800\.jpg$/, '-400.jpg');
    await expect(gallery.locator(`img[src="${small}"]`)).toHaveCount(1);
    const shown = gallery.getByRole('img', { name: 'A teal test pillow' });
    // The thumbnail works once the page has hydrated: click until it has.
    await expect(async () => {
      await gallery.getByRole('button', { name: `Show image ${before + 1}` }).click();
      await expect(shown).toHaveAttribute('src', src, { timeout: 1_000 });
    }).toPass();
    await expect(shown).toHaveAttribute('srcset', `${small} 400w, ${src} 800w`);
    // A desktop window takes the 800 px one (with srcset, naturalWidth is
    // scaled to the slot, so the file chosen is what tells).
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && new URL(img.currentSrc).pathname))
      .toBe(src);
    await shopper.close();
  });
});
