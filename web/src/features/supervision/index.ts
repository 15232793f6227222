/** C18 班长席: live calls and agents from the event feed, stepping into calls, forcing agents' states. */
export { SupervisionPage } from './components/SupervisionPage.tsx';
export { useAgentStateControl } from './hooks/useAgentStateControl.ts';
