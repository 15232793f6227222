export { TenantsPage } from './components/TenantsPage.tsx';
