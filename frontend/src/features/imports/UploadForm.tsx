import { useId, useRef, useState, type FormEvent } from 'react';
import type { ImportJobRead, SchoolRead } from '../../api/types';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApi } from '../auth/session';
import { startImport, type FileFormat, type ImportMode } from './importsApi';

const FORMATS: { value: FileFormat; label: string; hint: string; accept: string }[] = [
  {
    value: 'csv',
    label: 'CSV (Termwise pupils or results template)',
    hint: 'A spreadsheet saved as CSV, with the template’s header row.',
    accept: '.csv,text/csv',
  },
  {
    value: 'ctf',
    label: 'Common Transfer File (XML)',
    hint: 'The CTF your MIS exports, with pupils and their assessments.',
    accept: '.xml,application/xml,text/xml',
  },
  {
    value: 'oneroster',
    label: 'OneRoster (zip)',
    hint: 'A OneRoster 1.1 or 1.2 CSV bundle, as one zip file.',
    accept: '.zip,application/zip',
  },
];

const MODES: { value: ImportMode; label: string; hint: string }[] = [
  {
    value: 'all',
    label: 'All or nothing',
    hint: 'If any row is not valid, nothing is imported. Fix the file and upload it again.',
  },
  {
    value: 'partial',
    label: 'Partial',
    hint: 'Import the valid rows now, and report the rows that were not.',
  },
];

export function UploadForm({
  schools,
  school,
  onSchool,
  onStarted,
}: {
  schools: SchoolRead[];
  school: SchoolRead;
  onSchool: (id: number) => void;
  onStarted: (job: ImportJobRead) => void;
}) {
  const api = useApi();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<FileFormat>('csv');
  const [mode, setMode] = useState<ImportMode>('all');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const accept = FORMATS.find((f) => f.value === format)?.accept;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) return;
    if (!file) {
      setFileError('Choose a file to upload.');
      fileRef.current?.focus();
      return;
    }
    setSending(true);
    setError(null);
    setFileError(null);
    try {
      const job = await startImport(api, school.id, file, format, mode);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onStarted(job);
    } catch (caught) {
      const fields = fieldErrors(caught);
      setError(fields['/file'] ?? userMessage(caught));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card upload" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        Upload a file
      </h2>
      <div aria-live="assertive" aria-atomic="true">
        {error ? <p className="notice notice--error">{error}</p> : null}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        {schools.length > 1 ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-school`}>
              School
            </label>
            <select
              id={`${id}-school`}
              className="field__input field__select"
              value={school.id}
              onChange={(e) => onSchool(Number(e.target.value))}
            >
              {schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="upload__school">
            Importing into <strong>{school.name}</strong>
          </p>
        )}

        <fieldset className="choices">
          <legend className="field__label">File format</legend>
          {FORMATS.map((f) => (
            <div className="choice" key={f.value}>
              <input
                className="choice__input"
                type="radio"
                id={`${id}-format-${f.value}`}
                name="file_format"
                value={f.value}
                checked={format === f.value}
                onChange={() => setFormat(f.value)}
                aria-describedby={`${id}-format-${f.value}-hint`}
              />
              <label className="choice__label" htmlFor={`${id}-format-${f.value}`}>
                {f.label}
              </label>
              <p className="choice__hint" id={`${id}-format-${f.value}-hint`}>
                {f.hint}
              </p>
            </div>
          ))}
        </fieldset>

        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            File
          </label>
          {fileError ? (
            <p className="field__error" id={`${id}-file-error`}>
              {fileError}
            </p>
          ) : null}
          <input
            ref={fileRef}
            id={`${id}-file`}
            className="field__file"
            type="file"
            name="file"
            accept={accept}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${id}-file-error` : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(null);
            }}
          />
        </div>

        <fieldset className="choices">
          <legend className="field__label">If some rows are not valid</legend>
          {MODES.map((m) => (
            <div className="choice" key={m.value}>
              <input
                className="choice__input"
                type="radio"
                id={`${id}-mode-${m.value}`}
                name="mode"
                value={m.value}
                checked={mode === m.value}
                onChange={() => setMode(m.value)}
                aria-describedby={`${id}-mode-${m.value}-hint`}
              />
              <label className="choice__label" htmlFor={`${id}-mode-${m.value}`}>
                {m.label}
              </label>
              <p className="choice__hint" id={`${id}-mode-${m.value}-hint`}>
                {m.hint}
              </p>
            </div>
          ))}
        </fieldset>

        <div>
          <button className="button button--primary" type="submit" aria-disabled={sending}>
            {sending ? 'Uploading…' : 'Upload and import'}
          </button>
        </div>
      </form>
    </section>
  );
}
