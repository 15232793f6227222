/** The operator's view of an enterprise's prepaid account: top-ups and adjustments. */
export { AccountsPage } from './components/AccountsPage.tsx';
