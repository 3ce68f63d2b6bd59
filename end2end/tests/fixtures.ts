import { test as base, expect, type BrowserContext } from '@playwright/test';

export { expect };
export type { Browser, Page } from '@playwright/test';

// Every journey fails when the app panics or throws in the browser, or when
// the page's Content-Security-Policy refuses something, even if what the
// test looks at still shows: a dead app is what the shopper meets
// next. Watched on every context a test opens, `browser.newContext()`
// included, through the context's own console and error events.

const watched = new WeakSet<BrowserContext>();

function watch(context: BrowserContext, errors: string[]) {
  // The default context comes through the patched newContext too: once is enough.
  if (watched.has(context)) return;
  watched.add(context);
  context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`));
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().includes('panicked at')) errors.push(`panic: ${message.text()}`);
    // The pages' Content-Security-Policy refused something the shop itself
    // asked for: a script without the nonce, a source it does not allow.
    if (message.text().includes('Content Security Policy')) errors.push(`CSP: ${message.text()}`);
  });
}

export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ browser }, use) => {
      const errors: string[] = [];
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const context = await newContext.apply(browser, args);
        watch(context, errors);
        return context;
      };
      await use(errors);
      browser.newContext = newContext;
      expect(errors, 'no panic or uncaught error in the browser').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context, browserErrors }, use) => {
    watch(context, browserErrors);
    await use(context);
  },
});
