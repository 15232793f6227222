/** The operator's enterprises and their onboarding (N4). useTenants is public: the number pool assigns to them. */
export { TenantsPage } from './components/TenantsPage.tsx';
export { useTenants } from './hooks/useTenants.ts';
export type { Tenant } from './api/tenants-api.ts';
