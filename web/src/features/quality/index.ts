/** C19 quality inspection: the reviewers' scoring page and the agent's own scores. */
export { QualityPage } from './components/QualityPage.tsx';
