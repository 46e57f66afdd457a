// Fails when src/api/schema.d.ts is not what `npm run generate` makes from the committed
// OpenAPI document, so the client can never drift from the API.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi/openapi.json');
const committed = resolve(root, 'src/api/schema.d.ts');

const require = createRequire(import.meta.url);
const pkgPath = require.resolve('openapi-typescript/package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['openapi-typescript'];
const cli = join(dirname(pkgPath), bin);

const dir = mkdtempSync(join(tmpdir(), 'termwise-schema-'));
const fresh = join(dir, 'schema.d.ts');
try {
  // Run from the same folder as `npm run generate`, with the same relative spec path.
  const run = spawnSync(process.execPath, [cli, '../openapi/openapi.json', '-o', fresh], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error(`error: openapi-typescript failed on ${spec}`);
    process.exit(1);
  }
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    console.error(`error: ${committed} is missing: run \`npm run generate\` and commit it.`);
    process.exit(1);
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error(
      'error: src/api/schema.d.ts is out of date with ../openapi/openapi.json: ' +
        'run `npm run generate` and commit the result.',
    );
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches ../openapi/openapi.json.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
