import type { CharacteristicsRead } from '../../api/types';
import { characteristicBadges } from './format';

/** A UPN, with temporary ones marked in words. */
export function Upn({ upn, temporary }: { upn: string | null; temporary: boolean }) {
  if (!upn) return <span className="muted">None</span>;
  return (
    <span className="upn">
      <span className="numeric">{upn}</span>
      {temporary ? <span className="tag">temporary</span> : null}
    </span>
  );
}

/** Disadvantaged, SEN, EAL … as labelled badges: the words carry the meaning, not the colour. */
export function CharacteristicBadges({ characteristics }: { characteristics: CharacteristicsRead | null }) {
  const badges = characteristicBadges(characteristics);
  if (!characteristics) return <span className="muted">Not recorded</span>;
  if (!badges.length) return <span className="muted">None</span>;
  return (
    <ul className="badges">
      {badges.map((badge) => (
        <li key={badge} className={`badge badge--${badge.toLowerCase().replace(/\s+/g, '-')}`}>
          {badge}
        </li>
      ))}
    </ul>
  );
}
