/**
 * Units as cyclers write them in column names, and the factor to our units (s, A, V, Ah, Wh, °C).
 * BioLogic writes "mA.h" and "W.h"; Neware "mAh"; BDF "Ah" or "ampere"; degree signs arrive
 * mangled (U+FFFD), so any unit ending in "c" ("°C", "degC", "�C") or "℃" counts as Celsius.
 */
export type Quantity = 'time' | 'current' | 'voltage' | 'capacity' | 'energy' | 'temperature';

const SCALES: Record<Exclude<Quantity, 'temperature'>, Record<string, number>> = {
  time: { s: 1, sec: 1, second: 1, seconds: 1, ms: 1e-3, min: 60, h: 3600, hr: 3600 },
  current: { a: 1, ampere: 1, ma: 1e-3, ua: 1e-6, µa: 1e-6, na: 1e-9 },
  voltage: { v: 1, volt: 1, mv: 1e-3 },
  capacity: { ah: 1, 'a.h': 1, mah: 1e-3, 'ma.h': 1e-3, uah: 1e-6, 'µa.h': 1e-6, µah: 1e-6 },
  energy: { wh: 1, 'w.h': 1, mwh: 1e-3, 'mw.h': 1e-3, kwh: 1e3, 'kw.h': 1e3 },
};

/** Factor from `unit` to our unit for `quantity`, or null when `unit` is not a unit of it. */
export function unitScale(quantity: Quantity, unit: string): number | null {
  const u = unit.trim().toLowerCase();
  if (quantity === 'temperature') {
    return u === 'celsius' || u.endsWith('c') || u === '℃' ? 1 : null;
  }
  return SCALES[quantity][u] ?? null;
}

/**
 * "Current(mA)" / "Current (mA)" / "Current [A]" (Maccor) / "I/mA" / "Current / mA" → base and
 * unit; null when unitless.
 */
export function splitUnit(name: string): { base: string; unit: string } | null {
  const paren = /^(.*?)\s*(?:\(([^()]*)\)|\[([^[\]]*)\])\s*$/.exec(name);
  if (paren !== null && paren[1] !== undefined && paren[1] !== '') {
    return { base: paren[1], unit: paren[2] ?? paren[3] ?? '' };
  }
  const slash = name.lastIndexOf('/');
  if (slash > 0 && slash < name.length - 1) {
    return { base: name.slice(0, slash).trim(), unit: name.slice(slash + 1) };
  }
  return null;
}
