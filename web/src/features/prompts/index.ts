/** C3: the tenant's prompts library. */
export { PromptsPage } from './components/PromptsPage.tsx';
