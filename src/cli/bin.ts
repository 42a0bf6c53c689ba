// Process entry point: wire main() to the real streams and exit code.
// The young generation's size is a start-up flag (bin/kreplay.js's shebang passes
// --max-semi-space-size=64; setting it here, once the heap exists, changes little); fold workers
// get theirs through resourceLimits (src/timetravel/fold.ts).
import v8 from 'node:v8';

v8.setFlagsFromString('--max-semi-space-size=64');
const { main } = await import('./main.js');

const code = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
