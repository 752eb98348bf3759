// otplib for jest. otplib's CommonJS entry requires ESM-only packages
// (@scure/base 2, @noble/hashes 2) that jest's module system cannot load, with
// or without --experimental-vm-modules. otplib also ships one self-contained
// bundle of the same code (dist/index.global.js, a script defining `otplib`):
// evaluate it and export its namespace. Wire it with
//   moduleNameMapper: { '^otplib$': '<path to>/tools/test/jest/otplib.cjs' }
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// Not require.resolve('otplib'): inside jest that resolves to this very file.
const bundlePath = join(__dirname, '..', '..', '..', 'node_modules', 'otplib', 'dist', 'index.global.js');
const bundle = readFileSync(bundlePath, 'utf8');
module.exports = new Function(`${bundle}\nreturn otplib;`)();
