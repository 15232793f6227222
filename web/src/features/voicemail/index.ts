/** R13: the tenant's voicemail. */
export { VoicemailPage } from './components/VoicemailPage.tsx';
