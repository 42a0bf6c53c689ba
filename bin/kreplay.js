#!/usr/bin/env -S node --max-semi-space-size=64
// A larger young generation: simulating and folding allocate many short-lived objects, and with
// V8's default 16 MB semi-space the scavenger takes a large share of the time (bench/replay).
// V8 sizes it at start-up, so it is a command-line flag (v8.setFlagsFromString comes too late).
// The kreplay command. Compiled code lives in dist/ (built by `npm ci` through the prepare script).
import '../dist/src/cli/bin.js';
