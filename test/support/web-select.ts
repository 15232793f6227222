import type { Locator, Page } from 'playwright-core';

/**
 * Chooses an option of an antd Select. A click that lands while the select is still settling
 * sometimes leaves its dropdown shut (a CI run timed out waiting for the option): try again.
 */
export async function chooseOption(page: Page, combobox: Locator, option: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await combobox.click({ force: true });
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    try {
      await item.click({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Chooses an option of the antd Select labelled `label` on the page. */
export function pick(page: Page, label: string, option: string): Promise<void> {
  return chooseOption(page, page.getByRole('combobox', { name: label }).first(), option);
}
