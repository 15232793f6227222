/** Li as yuan text (`1234` → `1.234`), by integer arithmetic: no float ever touches money. */
export function liToYuan(li: number): string {
  const sign = li < 0 ? '-' : '';
  const abs = Math.abs(li);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
