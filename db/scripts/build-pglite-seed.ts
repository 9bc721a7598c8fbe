// Run at `npm install`: builds the migrated PGlite seed that the first `npm start` copies.
import { ensurePgliteSeed } from '../src/pglite-seed.ts';

const t0 = Date.now();
const dir = await ensurePgliteSeed();
process.stdout.write(`Embedded database seed ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${dir}\n`);
