/** The audit log, the enterprise's and the platform's. */
export { AuditLogPage } from './components/AuditLogPage.tsx';
