/** P3: spending, statements, balance. The hooks are public: the dashboard shows the balance and recent spending; the operator's accounts page shows the same ledger. */
export { LedgerTable } from './components/LedgerTable.tsx';
export { SpendingPage } from './components/SpendingPage.tsx';
export { useAccount, useSpendingReport } from './hooks/useSpending.ts';
