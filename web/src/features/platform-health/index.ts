/** The operator's live view of the platform. */
export { HealthPage } from './components/HealthPage.tsx';
