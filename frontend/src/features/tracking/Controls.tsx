import type { SubjectRead } from '../../api/types';
import { useShownValue } from '../../lib/useShownValue';
import { pointName } from './format';
import type { AssessmentPoint } from './types';

export function Select({
  id,
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const [shown, show] = useShownValue(value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__input field__select"
        value={shown}
        disabled={disabled}
        onChange={(e) => {
          show(e.target.value);
          onChange(e.target.value);
        }}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A checkbox for a choice kept in the address: it shows its new state at once, even though
 * the list it filters follows a moment later. */
export function Toggle({
  id,
  label,
  checked,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const [shown, show] = useShownValue(checked);
  return (
    <div className="choice">
      <input
        id={id}
        className="choice__input"
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          show(e.target.checked);
          onChange(e.target.checked);
        }}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label className="choice__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="choice__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const CORE: readonly (readonly [string, string])[] = [
  ['reading', 'Reading'],
  ['writing', 'Writing'],
  ['maths', 'Maths'],
];

/** Subject choices: the trust's subjects (the core three when they cannot be read), and
 * "combined" where the page offers it. */
export function subjectOptions(subjects: readonly SubjectRead[], combined: boolean): [string, string][] {
  const listed: [string, string][] = subjects.length
    ? subjects.map((s) => [s.code, s.name])
    : CORE.map(([code, name]) => [code, name]);
  return combined ? [...listed, ['combined', 'Reading, writing and maths combined']] : listed;
}

export function SubjectSelect({
  subjects,
  combined,
  value,
  onChange,
}: {
  subjects: readonly SubjectRead[];
  combined: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  return <Select id="tracking-subject" label="Subject" value={value} options={subjectOptions(subjects, combined)} onChange={onChange} />;
}

export function PointSelect({
  points,
  value,
  onChange,
  id = 'tracking-point',
  label = 'Assessment point',
}: {
  points: readonly AssessmentPoint[];
  value: number | null;
  onChange: (pointId: number | null) => void;
  id?: string;
  label?: string;
}) {
  const options: [string, string][] = [['', 'Latest with results'], ...points.map((p): [string, string] => [String(p.id), pointName(p)])];
  return <Select id={id} label={label} value={value ? String(value) : ''} options={options} onChange={(v) => onChange(v ? Number(v) : null)} />;
}
