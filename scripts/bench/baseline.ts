/** Child: does nothing, so the table can show what a bare `node file.ts` process peaks at. */
import { runMeasured } from './measure.ts';

await runMeasured(() => ({ files: 0, bytes: 0 }));
