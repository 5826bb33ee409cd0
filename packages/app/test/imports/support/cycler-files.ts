export {
  CYCLER_DATA,
  HAVE_CYCLER_DATA,
  REPO_ROOT,
  withoutCyclerData,
} from '../../../../../test-support/cycler-data.ts';

export const mAh = 1e-3;
