// The agent desk (issue 14): the browser phone, state bar, offer pop-up, call controls.
export { DeskPage } from './components/DeskPage.tsx';
