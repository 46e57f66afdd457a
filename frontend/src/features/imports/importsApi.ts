// Calls for file imports, through the generated client.
import type { ImportJobRead, ImportUpload, SchoolRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import { byName } from '../schools/format';

export type FileFormat = ImportUpload['file_format'];
export type ImportMode = ImportUpload['mode'];
export type TemplateKind = 'pupils' | 'results';

export async function loadSchools(api: Api): Promise<SchoolRead[]> {
  const schools = await allPages((cursor) =>
    api.call((c) => c.GET('/api/v1/schools', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );
  return schools.sort(byName);
}

/** Uploads a file as a new import job (202: the job is queued and runs on the server). */
export function startImport(
  api: Api,
  schoolId: number,
  file: File,
  fileFormat: FileFormat,
  mode: ImportMode,
): Promise<ImportJobRead> {
  return api.call((c) =>
    c.POST('/api/v1/schools/{school_id}/imports', {
      params: { path: { school_id: schoolId } },
      // The schema types the binary part as a string; the serializer sends the File itself,
      // and a FormData body lets the browser write the multipart boundary.
      body: { file: file.name, file_format: fileFormat, mode },
      bodySerializer: () => {
        const form = new FormData();
        form.set('file', file, file.name);
        form.set('file_format', fileFormat);
        form.set('mode', mode);
        return form;
      },
    }),
  );
}

export function loadJob(api: Api, jobId: number): Promise<ImportJobRead> {
  return api.call((c) => c.GET('/api/v1/imports/{job_id}', { params: { path: { job_id: jobId } } }));
}

/** The school's latest imports: the first page of the list, which the API sends newest first. */
export async function loadRecentJobs(api: Api, schoolId: number, count = 10): Promise<ImportJobRead[]> {
  const page = await api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/imports', {
      params: { path: { school_id: schoolId }, query: { limit: count } },
    }),
  );
  return page.items;
}

export function loadErrorReport(api: Api, jobId: number): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/imports/{job_id}/errors.csv', { params: { path: { job_id: jobId } }, parseAs: 'text' }),
  );
}

export function loadTemplate(api: Api, kind: TemplateKind): Promise<string> {
  return api.call((c) => c.GET('/api/v1/import-templates/{kind}', { params: { path: { kind } }, parseAs: 'text' }));
}
