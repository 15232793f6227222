/** C17 the live wallboard (queues, agents, live calls from the event feed; thresholds and alerts; staffing hint) and its big-screen mode. */
export { WallboardPage } from './components/WallboardPage.tsx';
