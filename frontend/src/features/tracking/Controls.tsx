import type { SubjectRead } from '../../api/types';
import { pointName } from './format';
import type { AssessmentPoint } from './types';

export function Select({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__input field__select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
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
