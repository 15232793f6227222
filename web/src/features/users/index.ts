/** C33: users and seats (the operator's own admins too). */
export { UsersPage } from './components/UsersPage.tsx';
