/**
 * N4 in Debian's Chromium against the whole platform: a new enterprise's admin uploads its business
 * licence and handler's ID as files (a text file named .pdf is refused with a clear message); the
 * operator views them, rejects the ID with a reason and approves the licence; the admin sees the
 * reason, uploads again; the operator approves and opens the enterprise.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/audit/actor.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { collectPageErrors, launchChromium, newContext, screenshot } from '../support/browser.ts';
import { OPERATOR, signInByName, startWebPlatform } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const HEHE_ADMIN = { username: 'hehe-admin', password: 'Hehe-Admin-2026!' };

/** The page logs the refused upload's 415 itself; anything else is an error. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 415/.test(e));

describe('web app: qualification documents (N4)', () => {
  let p: WebPlatform;
  let browser: Browser;
  before(async () => {
    p = await startWebPlatform();
    const tenant = await createTenant(p.db, { code: 'hehe', name: '和合商贸有限公司', contact: { name: '赵六', phone: '+8613900002222', email: null } }, 'test');
    await upsertUser(p.db, { tenantId: tenant.id, username: HEHE_ADMIN.username, role: 'tenant_admin', displayName: '赵六', password: HEHE_ADMIN.password, mustChangePassword: false }, systemActor('test'), usersSettings({ scrypt: TEST_SCRYPT }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });

  const row = (page: Page, kind: string) => page.getByRole('row').filter({ hasText: kind });

  async function choose(page: Page, formId: string, name: string, buffer: Buffer, number?: string): Promise<void> {
    const form = page.locator(`form#${formId}`);
    if (number !== undefined) await form.getByLabel('证件号码').fill(number);
    await form.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer });
    await form.getByRole('button', { name: /上\s*传/ }).click();
  }

  test('zh-CN: the admin uploads, the operator rejects with a reason and approves, the enterprise opens', async () => {
    // 1. The enterprise's admin uploads; a text file named .pdf is refused.
    const tenantPage = await (await newContext(browser, p.baseURL)).newPage();
    const tenantErrors = collectPageErrors(tenantPage);
    await signInByName(tenantPage, HEHE_ADMIN, '/portal/documents');
    await tenantPage.getByRole('heading', { name: '企业资质材料' }).waitFor();
    await choose(tenantPage, 'own-doc-business_licence', '营业执照.pdf', Buffer.from('not a scan at all'), '91350100M000100Y43');
    await tenantPage.getByRole('alert').filter({ hasText: '文件不是 PDF、JPG 或 PNG' }).waitFor();
    await screenshot(tenantPage, 'documents-bad-file-zh');
    await choose(tenantPage, 'own-doc-business_licence', '营业执照.pdf', PDF, '91350100M000100Y43');
    await row(tenantPage, '营业执照').getByText('待审核').waitFor();
    await choose(tenantPage, 'own-doc-handler_id', '身份证.png', PNG, '110101199003077777');
    await row(tenantPage, '经办人身份证').getByText('待审核').waitFor();
    await screenshot(tenantPage, 'documents-uploaded-zh');

    // 2. The operator views both, rejects the ID with a reason, approves the licence.
    const opPage = await (await newContext(browser, p.baseURL)).newPage();
    const opErrors = collectPageErrors(opPage);
    await signInByName(opPage, OPERATOR, '/operator/tenants');
    const tenantRow = opPage.getByRole('row').filter({ hasText: 'hehe' });
    await tenantRow.getByRole('button', { name: /展开行|Expand row/ }).click();
    const docs = opPage.getByTestId('documents-hehe');
    // Rows of the documents table only (the enterprise's expanded row holds them all).
    const docRow = (kind: string) => docs.getByRole('row').filter({ hasText: kind });
    const licenceLink = docs.getByRole('link', { name: '查看 营业执照.pdf' });
    const licence = await opPage.request.get(String(await licenceLink.getAttribute('href')));
    assert.equal(licence.headers()['content-type'], 'application/pdf');
    assert.deepEqual(await licence.body(), PDF, 'the operator sees the file as uploaded');
    await docRow('经办人身份证').getByRole('button', { name: /驳\s*回/ }).click();
    const dialog = opPage.getByRole('dialog', { name: '驳回经办人身份证' });
    await dialog.getByRole('button', { name: /驳\s*回/ }).click();
    await dialog.getByText('请填写驳回原因（企业会看到）').waitFor();
    await dialog.getByLabel('驳回原因').fill('复印件未加盖公章');
    await screenshot(opPage, 'documents-reject-zh');
    await dialog.getByRole('button', { name: /驳\s*回/ }).click();
    await docRow('经办人身份证').getByText('驳回原因：复印件未加盖公章').waitFor();
    await docRow('营业执照').getByRole('button', { name: '审核通过' }).click();
    await docRow('营业执照').getByText('已通过').waitFor();
    assert.equal(await docs.getByRole('button', { name: '开通企业' }).isDisabled(), true, 'not with the ID rejected');

    // 3. The admin sees the reason and uploads a stamped copy.
    await tenantPage.reload();
    await row(tenantPage, '经办人身份证').getByText('驳回原因：复印件未加盖公章').waitFor();
    await row(tenantPage, '营业执照').getByText('已通过').waitFor();
    await screenshot(tenantPage, 'documents-rejected-zh');
    await choose(tenantPage, 'own-doc-handler_id', '身份证-盖章.jpg', JPEG, '110101199003077777');
    await row(tenantPage, '经办人身份证').getByText('待审核').waitFor();

    // 4. The operator approves it and opens the enterprise.
    await opPage.reload();
    await tenantRow.getByRole('button', { name: /展开行|Expand row/ }).click();
    await docRow('经办人身份证').getByRole('link', { name: '查看 身份证-盖章.jpg' }).waitFor();
    await docRow('经办人身份证').getByRole('button', { name: '审核通过' }).click();
    await docRow('经办人身份证').getByText('已通过').waitFor();
    await docs.getByRole('button', { name: '开通企业' }).click();
    await tenantRow.getByText('正常').waitFor();
    await screenshot(opPage, 'documents-approved-zh');

    await tenantPage.reload();
    await tenantPage.getByText('必需材料已全部审核通过').waitFor();
    assert.deepEqual(unexpected(tenantErrors), []);
    assert.deepEqual(opErrors, []);
    await tenantPage.context().close();
    await opPage.context().close();
  });
});
