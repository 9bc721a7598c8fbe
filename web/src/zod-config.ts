import { config } from 'zod';

// Zod compiles object parsers with `new Function` unless told not to, and probes for it when a schema is made;
// the Content-Security-Policy allows no eval. Imported first, before any schema of @lookout/contracts exists.
config({ jitless: true });
