/**
 * Splits a single unsigned per-step counter (Maccor "Amp-hr", Neware .xls "CapaCity(mAh)") into
 * a charge counter and a discharge counter using the step's direction. The counter of the other
 * direction reads 0 on that row, so `WithinCycleCounter` sees that counter stand still (ending its
 * run) while the step's own counter chains onto the previous step of the same direction (CC + CV).
 */
export type StepDirection = 'charge' | 'discharge' | 'rest';

export function splitByDirection(
  direction: StepDirection,
  value: number | null,
): { charge: number | null; discharge: number | null } {
  if (value === null) return { charge: null, discharge: null };
  const magnitude = Math.abs(value);
  switch (direction) {
    case 'charge':
      return { charge: magnitude, discharge: 0 };
    case 'discharge':
      return { charge: 0, discharge: magnitude };
    case 'rest':
      return { charge: 0, discharge: 0 };
  }
}

/** Direction from the current's sign, for rows whose step type is unknown. */
export function directionOfCurrent(currentA: number): StepDirection {
  if (currentA > 0) return 'charge';
  if (currentA < 0) return 'discharge';
  return 'rest';
}
