// Process entry point: wire main() to the real streams and exit code.
// A larger young generation first: folding and simulating allocate many short-lived objects,
// and V8's default 16 MB semi-space makes the scavenger take over half of the time
// (measured in bench/replay). It must be set before the heap grows, hence the dynamic import.
import v8 from 'node:v8';

v8.setFlagsFromString('--max-semi-space-size=64');
const { main } = await import('./main.js');

const code = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
