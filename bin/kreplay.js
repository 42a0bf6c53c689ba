#!/usr/bin/env node
// The kreplay command. Compiled code lives in dist/ (built by `npm ci` through the prepare script).
import '../dist/src/cli/bin.js';
