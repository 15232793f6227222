/** The password change page: a second public face of auth, loaded only when needed. */
export { ChangePasswordPage } from './components/ChangePasswordPage.tsx';
