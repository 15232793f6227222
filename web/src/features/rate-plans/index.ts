/** The operator's rate plans and their assignment. */
export { RatePlansPage } from './components/RatePlansPage.tsx';
