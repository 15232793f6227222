/** The enterprise's API keys and their rights. */
export { ApiKeysPage } from './components/ApiKeysPage.tsx';
