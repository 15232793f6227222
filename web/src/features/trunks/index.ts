/** The operator's SIP trunks. */
export { TrunksPage } from './components/TrunksPage.tsx';
