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

const MAX_ARC = 0xffff_ffff;

/** A numeric OID SNMP can carry: arcs of 32 bits, the first 0–2, the second under 40 unless the first is 2. */
export function isOid(text: string): boolean {
  if (!/^[0-2](\.\d{1,10})+$/.test(text)) return false;
  const arcs = text.split('.').map(Number);
  return arcs.every((a) => a <= MAX_ARC) && (arcs[0] === 2 || arcs[1] < 40);
}
