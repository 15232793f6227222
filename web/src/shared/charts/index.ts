export { EChart } from './EChart.tsx';
export type { ChartOption } from './EChart.tsx';
