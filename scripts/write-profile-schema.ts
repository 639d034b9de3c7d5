// Writes docs/profile-schema.json from the shapes in src/core/profile-schema.ts, the same ones the import
// checks. Run after changing the envelope: node --import tsx scripts/write-profile-schema.ts
// (tests/unit/profile-schema.test.ts fails while the file is out of step).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { profileJsonSchema } from '../src/core/profile-schema';

const out = resolve(import.meta.dirname, '../docs/profile-schema.json');
writeFileSync(out, `${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
