/** SNMP's order of OIDs: arc by arc, numerically; a prefix comes before what extends it. */
export function compareOids(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
