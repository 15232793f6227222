export { SpendingPage } from './components/SpendingPage.tsx';
