import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { roleName, type Role } from '../people/people';
import { loadPeople } from '../people/peopleApi';
import { formatDate } from '../pupils/format';
import { flagLabel } from '../tracking/format';
import type { Flag } from '../tracking/types';
import { saveBlob, saveTextFile } from '../../lib/download';
import {
  agreeAction,
  CATEGORIES,
  discuss,
  exportMeetingCsv,
  exportMeetingXlsx,
  findPupils,
  followUp,
  interventionNote,
  KINDS,
  loadMeeting,
  OUTCOMES,
  pupilNames,
  sections,
  type AgendaPupil,
  type MeetingRead,
  type Outcome,
} from './meetingsApi';

const MAX_ID = 2_147_483_647;

/** One meeting: the agenda from the tracker, the pupils discussed and the actions agreed, and
 * the earlier meetings' actions to follow up, each with the pupil's steps then and now. */
export function MeetingPage() {
  const api = useApi();
  const raw = useParams().meetingId;
  const meetingId = raw && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null;
  const meeting = useApiQuery(`meeting/${meetingId}`, () =>
    meetingId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadMeeting(api, meetingId),
  );
  useDocumentTitle(meeting.status === 'done' ? `Meeting: ${meeting.data.class_name}` : 'Meeting');
  if (meeting.status === 'loading') return <Loading label="Loading the meeting…" />;
  if (meeting.status === 'failed') return <ErrorPanel error={meeting.error} onRetry={meeting.reload} />;
  return <MeetingView meeting={meeting.data} reload={meeting.reload} />;
}

function MeetingView({ meeting, reload }: { meeting: MeetingRead; reload: () => void }) {
  const api = useApi();
  const names = pupilNames(meeting);
  const discussed = new Map(meeting.discussed.map((d) => [d.pupil_id, d]));
  const onAgenda = new Set(meeting.agenda.map((p) => p.pupil_id));
  const added = meeting.discussed.filter((d) => !onAgenda.has(d.pupil_id));
  const file = `${meeting.class_name}-meeting-${meeting.held_on}`.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${meeting.school_id}/meetings`}>Pupil progress meetings</Link>
          </li>
          <li aria-current="page">{meeting.class_name}</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">
          {meeting.class_name}: pupil progress meeting
        </h1>
        <p className="page-header__lead">
          {KINDS[meeting.kind]} · {formatDate(meeting.held_on)} · {meeting.point.name} {meeting.point.academic_year}
        </p>
      </header>
      <div className="plan-toolbar">
        <Link to={`/meetings/${meeting.id}/print`}>Meeting record (print)</Link>
        <button type="button" className="button button--link" onClick={() => void exportMeetingCsv(api, meeting.id).then((csv) => saveTextFile(`${file}.csv`, csv))}>
          Download the actions (CSV)
        </button>
        <button type="button" className="button button--link" onClick={() => void exportMeetingXlsx(api, meeting.id).then((blob) => saveBlob(`${file}.xlsx`, blob))}>
          Download the actions (Excel)
        </button>
      </div>
      {meeting.follow_up.length ? (
        <section className="card" aria-labelledby="follow-up">
          <h2 id="follow-up" className="card__title">
            Actions to follow up
          </h2>
          <ul className="meeting-follow-up">
            {meeting.follow_up.map((f) => (
              <li key={f.action.id}>
                <strong>{names.get(f.action.pupil_id) ?? `Pupil ${f.action.pupil_id}`}</strong>: {f.action.description} (agreed{' '}
                {formatDate(f.agreed_on, 'short')})
                <span className="plan-now__note">
                  {f.steps
                    .filter((s) => s.then || s.now)
                    .map((s) => `${s.subject} ${s.then ?? '—'} → ${s.now ?? '—'}`)
                    .join('; ')}
                </span>
                <OutcomeSelect meeting={meeting} action={f.action} onSaved={reload} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {sections(meeting.agenda).map((section) => (
        <section className="card" key={section.category} aria-labelledby={`agenda-${section.category}`}>
          <h2 id={`agenda-${section.category}`} className="card__title">
            {CATEGORIES[section.category]} ({section.pupils.length})
          </h2>
          <ul className="meeting-agenda">
            {section.pupils.map((p) => (
              <AgendaItem key={p.pupil_id} meeting={meeting} pupil={p} discussedAlready={discussed.has(p.pupil_id)} onSaved={reload} />
            ))}
          </ul>
        </section>
      ))}
      {added.length ? (
        <section className="card" aria-labelledby="agenda-added">
          <h2 id="agenda-added" className="card__title">
            {CATEGORIES.added} ({added.length})
          </h2>
          <ul className="meeting-agenda">
            {added.map((d) => (
              <li key={d.pupil_id} className="meeting-agenda__pupil">
                <Link to={`/pupils/${d.pupil_id}`}>{names.get(d.pupil_id) ?? `Pupil ${d.pupil_id}`}</Link>
                {d.guest ? <span className="tag">Guest</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <AddPupil meeting={meeting} onSaved={reload} />
      {meeting.discussed.length ? (
        <section className="card" aria-labelledby="meeting-notes">
          <h2 id="meeting-notes" className="card__title">
            What was said
          </h2>
          <dl className="meeting-notes">
            {meeting.discussed.map((d) => (
              <div key={d.id}>
                <dt>{names.get(d.pupil_id) ?? `Pupil ${d.pupil_id}`}</dt>
                <dd>
                  {d.what_helped ? <p>What made the difference: {d.what_helped}</p> : null}
                  {d.barriers ? <p>Likely barriers: {d.barriers}</p> : null}
                  {d.pupil_voice ? <p>Pupil voice: {d.pupil_voice}</p> : null}
                  {!d.what_helped && !d.barriers && !d.pupil_voice ? <p>Discussed; no notes.</p> : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <section className="card" aria-labelledby="meeting-actions">
        <h2 id="meeting-actions" className="card__title">
          Actions agreed
        </h2>
        {meeting.actions.length === 0 ? <p>None yet.</p> : null}
        <ul>
          {meeting.actions.map((a) => (
            <li key={a.id}>
              <strong>{names.get(a.pupil_id) ?? `Pupil ${a.pupil_id}`}</strong>: {a.description} —{' '}
              {a.owner_name ?? (a.owner_role ? roleName(a.owner_role as Role) : '—')}, by {formatDate(a.due_on, 'short')}{' '}
              <Link
                to={`/schools/${meeting.school_id}/interventions?pupils=${a.pupil_id}&action=${a.id}&subject=reading&name=${encodeURIComponent(a.description)}`}
              >
                Start an intervention<span className="visually-hidden"> for “{a.description}”</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function AgendaItem({
  meeting,
  pupil,
  discussedAlready,
  onSaved,
}: {
  meeting: MeetingRead;
  pupil: AgendaPupil;
  discussedAlready: boolean;
  onSaved: () => void;
}) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [barriers, setBarriers] = useState('');
  const [helped, setHelped] = useState('');
  const [voice, setVoice] = useState('');
  const [action, setAction] = useState('');
  const [role, setRole] = useState<Role | ''>('class_teacher');
  const [person, setPerson] = useState('');
  // Named owners come from the school's people, for those who may list them; a role will do.
  const people = useApiQuery(`meeting/people/${meeting.school_id}/${open}`, () =>
    open ? loadPeople(api, { school_id: meeting.school_id }) : Promise.resolve([]),
  );
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const name = `${pupil.first_name} ${pupil.last_name}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      if (!discussedAlready) {
        await discuss(api, meeting.id, {
          pupil_id: pupil.pupil_id,
          category: pupil.category,
          guest: false,
          barriers: barriers.trim() || null,
          what_helped: helped.trim() || null,
          pupil_voice: voice.trim() || null,
        });
      }
      if (action.trim()) {
        await agreeAction(api, meeting.id, {
          pupil_id: pupil.pupil_id,
          description: action.trim(),
          owner_user_id: person ? Number(person) : null,
          owner_role: role || null,
          due_on: due,
        });
      }
      setOpen(false);
      onSaved();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  return (
    <li className="meeting-agenda__pupil">
      <Link to={`/pupils/${pupil.pupil_id}`}>{name}</Link>
      {discussedAlready ? <span className="tag">Discussed</span> : null}
      <span className="plan-now__note">
        {pupil.subjects
          .map(
            (s) =>
              `${s.subject}: ${s.step_before ?? '—'} → ${s.step ?? '—'}${s.flag ? ` (${flagLabel(s.flag as Flag)}${s.muted_reason ? `, muted: ${s.muted_reason}` : ''})` : ''}`,
          )
          .join('; ')}
      </span>
      {pupil.interventions.length ? (
        <span className="plan-now__note">
          In:{' '}
          {pupil.interventions.map((i, index) => (
            <span key={i.id}>
              {index ? '; ' : ''}
              <Link to={`/interventions/${i.id}`}>{interventionNote(i, meeting.held_on, (d) => formatDate(d, 'short'))}</Link>
            </span>
          ))}
        </span>
      ) : null}
      {open ? (
        <form className="plan-form plan-add" aria-label={`Discuss ${name}`} onSubmit={(e) => void submit(e)} noValidate>
          {discussedAlready ? null : (
            <div className="form-row">
              <div className="field">
                <label className="field__label" htmlFor={`helped-${pupil.pupil_id}`}>
                  What made the difference
                </label>
                <input id={`helped-${pupil.pupil_id}`} className="field__input" value={helped} onChange={(e) => setHelped(e.target.value)} />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`barriers-${pupil.pupil_id}`}>
                  Likely barriers
                </label>
                <input id={`barriers-${pupil.pupil_id}`} className="field__input" value={barriers} onChange={(e) => setBarriers(e.target.value)} />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`voice-${pupil.pupil_id}`}>
                  Pupil voice
                </label>
                <input id={`voice-${pupil.pupil_id}`} className="field__input" value={voice} onChange={(e) => setVoice(e.target.value)} />
              </div>
            </div>
          )}
          <div className="form-row">
            <div className="field">
              <label className="field__label" htmlFor={`action-${pupil.pupil_id}`}>
                Agreed action
              </label>
              <input id={`action-${pupil.pupil_id}`} className="field__input" value={action} onChange={(e) => setAction(e.target.value)} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`owner-${pupil.pupil_id}`}>
                Whose (a role)
              </label>
              <select id={`owner-${pupil.pupil_id}`} className="field__input field__select" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
                <option value="">No role</option>
                {(['class_teacher', 'senco', 'head_teacher', 'senior_leader', 'phase_leader', 'subject_leader'] as Role[]).map((r) => (
                  <option key={r} value={r}>
                    {roleName(r)}
                  </option>
                ))}
              </select>
            </div>
            {people.status === 'done' && people.data.length ? (
              <div className="field">
                <label className="field__label" htmlFor={`person-${pupil.pupil_id}`}>
                  Whose (a person)
                </label>
                <select id={`person-${pupil.pupil_id}`} className="field__input field__select" value={person} onChange={(e) => setPerson(e.target.value)}>
                  <option value="">Nobody named</option>
                  {people.data.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.full_name}
                    </option>
                  ))}
                </select>
                {errors['/owner_user_id'] ? <p className="field__error">{errors['/owner_user_id']}</p> : null}
              </div>
            ) : null}
            <div className="field">
              <label className="field__label" htmlFor={`due-${pupil.pupil_id}`}>
                By
              </label>
              <input id={`due-${pupil.pupil_id}`} className="field__input" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
              {errors['/due_on'] ? <p className="field__error">{errors['/due_on']}</p> : null}
            </div>
          </div>
          {problem ? (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="plan-form__actions">
            <button type="submit" className="button button--primary">
              Save for {name}
            </button>
            <button type="button" className="button button--link" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--link" onClick={() => setOpen(true)}>
          Discuss {name}
        </button>
      )}
    </li>
  );
}

function OutcomeSelect({ meeting, action, onSaved }: { meeting: MeetingRead; action: MeetingRead['actions'][number]; onSaved: () => void }) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <select
        className="field__input field__select meeting-outcome"
        aria-label={`What came of “${action.description}”`}
        value={action.outcome ?? ''}
        onChange={(e) =>
          void followUp(api, action, e.target.value as Outcome, meeting.id).then(onSaved, (error: unknown) => setProblem(userMessage(error)))
        }
      >
        <option value="">Not followed up yet</option>
        {Object.entries(OUTCOMES).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}

/** Add a pupil the tracker did not put on the agenda: one of the class, or (saying so) a guest
 * from another class of the school. */
function AddPupil({ meeting, onSaved }: { meeting: MeetingRead; onSaved: () => void }) {
  const api = useApi();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ id: number; name: string; inClass: boolean }[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const mentioned = new Set([...meeting.agenda.map((p) => p.pupil_id), ...meeting.discussed.map((d) => d.pupil_id)]);
  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const pupils = await findPupils(api, meeting.school_id, q.trim());
      setFound(
        pupils
          .filter((p) => !mentioned.has(p.id))
          .map((p) => ({
            id: p.id,
            name: `${p.preferred_first_name ?? p.legal_first_name} ${p.preferred_last_name ?? p.legal_last_name}`,
            inClass: p.enrolment?.class_id === meeting.class_id,
          })),
      );
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  async function add(id: number, guest: boolean) {
    setProblem(null);
    try {
      await discuss(api, meeting.id, { pupil_id: id, category: 'added', guest });
      setFound(null);
      setQ('');
      onSaved();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <section className="card" aria-labelledby="add-pupil">
      <h2 id="add-pupil" className="card__title">
        Add a pupil
      </h2>
      <form className="form-row" role="search" aria-label="Find a pupil to add" onSubmit={(e) => void search(e)}>
        <div className="field">
          <label className="field__label" htmlFor="add-pupil-q">
            Name or UPN
          </label>
          <input id="add-pupil-q" className="field__input" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary" disabled={q.trim().length < 2}>
          Find
        </button>
      </form>
      {found !== null ? (
        found.length === 0 ? (
          <p>No pupil of the school by that name who is not on the agenda already.</p>
        ) : (
          <ul>
            {found.map((p) => (
              <li key={p.id}>
                {p.name}{' '}
                <button type="button" className="button button--link" onClick={() => void add(p.id, !p.inClass)}>
                  {p.inClass ? `Add ${p.name}` : `Add ${p.name} as a guest from another class`}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
