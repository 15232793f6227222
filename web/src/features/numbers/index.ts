export { NumbersPage } from './components/NumbersPage.tsx';
