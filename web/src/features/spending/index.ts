/** P3: spending, statements, balance. The hooks are public: the dashboard shows the balance and recent spending. */
export { SpendingPage } from './components/SpendingPage.tsx';
export { useAccount, useSpendingReport } from './hooks/useSpending.ts';
