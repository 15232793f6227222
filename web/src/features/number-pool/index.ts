export { NumberPoolPage } from './components/NumberPoolPage.tsx';
