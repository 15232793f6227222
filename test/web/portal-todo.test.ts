// Issue 12's parts not done yet (the web app's finish), kept visible in every test run.
import { test } from 'node:test';

test.todo('N4 tenant documents: the operator uploads the licence and handler ID (PDF/JPG/PNG, size-limited, type checked by content, stored in the data dir, sent as attachment + nosniff), verifies or rejects with a reason, the tenant status follows; audited — today only a number and a file reference are recorded (PUT /tenants/:id/documents/:kind)');
test.todo('accessibility check over every page: every input, select and button has an accessible name — not written yet');
test.todo('keyboard-only sign-in and call records from a fresh page (no focus() or click by the test) — call-records.test.ts drives the filters and player by keyboard but starts by focusing the caller field');
test.todo('bench/web-call-records.ts (call-records page usable < 1.5 s) at full scale on a quiet machine — not re-run this session');
