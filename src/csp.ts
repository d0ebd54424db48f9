// Runs before anything else in the page (first import of src/main.tsx): settings the Content Security Policy
// (server/app.ts) needs from libraries.
import { config } from 'zod';

// zod compiles fast parsers with `Function(...)` when eval is allowed and probes for it on first use; the policy has
// no 'unsafe-eval', so the probe would be reported as a violation. The interpreted parser is fast enough here.
config({ jitless: true });
