// Process entry point: wire main() to the real streams and exit code.
import { main } from './main.js';

const code = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
