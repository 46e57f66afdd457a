import { flagLabel } from './format';
import type { Flag } from './types';

/** A progress flag as colour and words together (never colour alone). */
export function FlagChip({ flag }: { flag: Flag | null }) {
  return <span className={`flag flag--${flag ?? 'none'}`}>{flagLabel(flag)}</span>;
}
