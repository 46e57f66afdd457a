// Fails if package-lock.json names any source but the npm registry: no git, file, tarball or
// other-host URLs. npm copies packages' "funding" links into the lock when it adds a package;
// they are only links, and `node scripts/check-lockfile.mjs --fix` drops them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const path = resolve(dirname(fileURLToPath(import.meta.url)), '../package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8'));

if (process.argv.includes('--fix')) {
  let dropped = 0;
  for (const entry of Object.values(lock.packages ?? {})) {
    if ('funding' in entry) {
      delete entry.funding;
      dropped += 1;
    }
  }
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`Dropped ${dropped} funding links from package-lock.json.`);
}

const REGISTRY = 'https://registry.npmjs.org/';
const problems = [];

for (const [name, entry] of Object.entries(lock.packages ?? {})) {
  const where = name || '(root)';
  if (typeof entry.resolved === 'string' && !entry.resolved.startsWith(REGISTRY)) {
    problems.push(`${where}: resolved from ${entry.resolved}`);
  }
  if (entry.link) problems.push(`${where}: a linked (local) package`);
  if ('funding' in entry) problems.push(`${where}: funding link (run \`node scripts/check-lockfile.mjs --fix\`)`);
  for (const [dep, spec] of Object.entries({ ...entry.dependencies, ...entry.devDependencies })) {
    if (typeof spec === 'string' && /^(git|github:|file:|link:|https?:)/.test(spec)) {
      problems.push(`${where}: dependency ${dep} comes from ${spec}`);
    }
  }
}
const urls = readFileSync(path, 'utf8').match(/[a-z+]+:\/\/[^"\s]+/g) ?? [];
for (const url of urls) if (!url.startsWith(REGISTRY)) problems.push(`URL outside the registry: ${url}`);

if (problems.length) {
  console.error(`error: package-lock.json names sources outside the npm registry:\n  ${[...new Set(problems)].join('\n  ')}`);
  process.exit(1);
}
console.log('package-lock.json uses the npm registry only.');
