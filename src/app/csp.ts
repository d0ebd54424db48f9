// Settings the Content Security Policy (server/app.ts) needs from libraries. Imported first by each browser entry that
// uses zod at run time (the live guide's chunk, src/features/guide/LiveGuide.tsx), never by a module the Node server
// shares: the server evaluates nothing and needs no such setting.
import { config } from 'zod';

// zod compiles fast parsers with `Function(...)` when eval is allowed and probes for it on first use; the policy has
// no 'unsafe-eval', so the probe would be reported as a violation. The interpreted parser is fast enough here.
config({ jitless: true });
