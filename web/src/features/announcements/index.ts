/** C21 announcements: what was published to me (pushed by the event feed) and, for admins and supervisors, publishing. */
export { AnnouncementsPage } from './components/AnnouncementsPage.tsx';
