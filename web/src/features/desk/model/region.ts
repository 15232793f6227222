/** A caller's region as shown: province and city, once when they are the same (北京市 北京市 → 北京市). */
export function regionOf(province: string | null | undefined, city: string | null | undefined): string {
  return [province, city].filter((x, i, all): x is string => !!x && all.indexOf(x) === i).join(' ');
}
