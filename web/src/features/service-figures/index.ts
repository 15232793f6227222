/** C34: service figures from the call records — the tenant's page and the operator's across tenants. */
export { ServiceFiguresPage } from './components/ServiceFiguresPage.tsx';
export { PlatformFiguresPage } from './components/PlatformFiguresPage.tsx';
