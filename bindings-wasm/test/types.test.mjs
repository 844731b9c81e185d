// The generated TypeScript types, checked by the TypeScript compiler on a
// page-like usage file (test/types/usage.ts), mistakes included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

test('skuwire.d.ts type-checks a page and rejects the marked mistakes (tsc --strict)', () => {
  const tsc = path.join(here, '../node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-p', path.join(here, 'types')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
