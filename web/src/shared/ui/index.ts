export { LoadMore } from './LoadMore.tsx';
export { PageHeader } from './PageHeader.tsx';
export { RowActions } from './RowActions.tsx';
export { useEditDialog } from './useEditDialog.ts';
