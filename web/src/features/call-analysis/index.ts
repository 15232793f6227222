/** P6: call analysis. */
export { CallAnalysisPage } from './components/CallAnalysisPage.tsx';
