import { describe, expect, test } from 'vitest';
import { DESCRIBE_TABWRITER, formatTabbed, GET_TABWRITER } from './tabwriter.js';

describe('formatTabbed (Go text/tabwriter)', () => {
  test('pads every column to its widest cell plus padding; the last cell is not padded', () => {
    expect(formatTabbed('NAME\tREADY\tAGE\nweb-1\t1/1\t5s\n', GET_TABWRITER)).toBe(
      ['NAME    READY   AGE', 'web-1   1/1     5s', ''].join('\n'));
  });

  test('minimum width applies to short columns (kubectl get: 6)', () => {
    expect(formatTabbed('IP\tX\na\tb\n', GET_TABWRITER)).toBe('IP    X\na     b\n');
  });

  test('a line without a cell in a column ends that column block (describe alignment)', () => {
    const text = 'Name:\tweb\nStatus:\tRunning\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n';
    expect(formatTabbed(text, DESCRIBE_TABWRITER)).toBe(
      ['Name:    web', 'Status:  Running', 'IPs:', '  IP:           10.0.0.1', 'Controlled By:  ReplicaSet/web', ''].join('\n'));
  });

  test('nested blocks: a line whose last cell sits in a column breaks that column', () => {
    // Line 2 has no tab-terminated second cell, so lines 1 and 3 size column 2 separately.
    const text = 'a\tb\tc\naaa\tb\nx\tyyyy\tz\n';
    expect(formatTabbed(text, { minwidth: 0, padding: 1 })).toBe('a   b c\naaa b\nx   yyyy z\n');
  });

  test('an empty trailing cell still pads (trailing spaces, as kubectl prints "IP:" for a pending pod)', () => {
    expect(formatTabbed('IP:\t\nNode:\tnode-1\n', DESCRIBE_TABWRITER)).toBe('IP:    \nNode:  node-1\n');
  });

  test('widths count runes, not UTF-16 units', () => {
    expect(formatTabbed('é\tx\nab\ty\n', { minwidth: 0, padding: 1 })).toBe('é  x\nab y\n');
  });

  test('text without a final newline is written as is', () => {
    expect(formatTabbed('a\tb\ncc\td', { minwidth: 0, padding: 1 })).toBe('a  b\ncc d');
  });
});
