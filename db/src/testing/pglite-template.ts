// The tests' migrated template is the same folder the first `npm start` is seeded from.
export { pgliteSeedDir as templateDir, ensurePgliteSeed as ensurePgliteTemplate } from '../pglite-seed.ts';
