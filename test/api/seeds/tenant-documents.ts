import { uploadTenantDocument } from '../../../src/tenants/tenant-document-files.ts';
import type { Seed } from '../support/route-world.ts';

/** One uploaded licence per tenant, so the document-file routes have foreign ids to try. */
const seed: Seed = async ({ h, db, tenantId, now }) => {
  const bytes = Buffer.from('%PDF-1.4\n%%EOF\n');
  await uploadTenantDocument(db, h.app.hotline.dataDir, { tenantId, kind: 'application_form', number: '', bytes, name: 'form.pdf', by: 'seed', at: now });
};

export default seed;
