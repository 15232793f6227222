export { CallRecordsPage } from './components/CallRecordsPage.tsx';
