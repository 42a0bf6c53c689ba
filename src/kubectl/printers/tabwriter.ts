// Go's text/tabwriter (the elastic-tabstop algorithm kubectl's tables and describe output rely on):
// follows go/src/text/tabwriter/tabwriter.go (format, writeLines); only left alignment, space padding.
// Differs: works on a finished string instead of a stream; no escapes, html filtering or '\f'/'\v'.

export interface TabwriterOptions {
  /** minimal cell width including any padding */
  minwidth: number;
  /** padding added to a cell before computing its width */
  padding: number;
  /** padding character (kubectl always uses ' ') */
  padchar?: string;
}

/** kubectl get: cli-runtime printers.GetNewTabWriter (minwidth 6, tabwidth 4, padding 3). */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe: describe.tabbedString (minwidth 0, tabwidth 8, padding 2). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

interface Cell {
  text: string;
  /** rune count, as Go's utf8.RuneCount */
  width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++; // surrogate pair = one rune
    n++;
  }
  return n;
}

/**
 * Lay out `text` as a Go tabwriter would between two flushes. A line's cells are its
 * tab-terminated segments; the text after the last tab is not part of any column.
 * @example formatTabbed('a\tbb\nccc\td\n', { minwidth: 0, padding: 2 }) === 'a    bb\nccc  d\n'
 */
export function formatTabbed(text: string, opts: TabwriterOptions): string {
  const raw = text.split('\n');
  const lines: Cell[][] = raw.map((l, i) => {
    const parts = l.split('\t');
    // The partial last line: an empty trailing cell was never terminated (Go's flush only
    // terminates a non-empty cell), so it does not exist.
    if (i === raw.length - 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.map((p) => ({ text: p, width: runeCount(p) }));
  });
  const pad = opts.padchar ?? ' ';
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        out.push(c.text);
        if (j < widths.length) out.push(pad.repeat(widths[j]! - c.width));
      }
      if (i + 1 < lines.length) out.push('\n');
    }
  };

  // format: text/tabwriter Writer.format, recursive over column blocks.
  const format = (line0In: number, line1: number): void => {
    let line0 = line0In;
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      // cell exists in this column => this line has more cells than the previous line
      writeLines(line0, cur);
      line0 = cur;
      let width = opts.minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur]!;
        if (column >= line.length - 1) break;
        const w = line[column]!.width + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      // `cur` now ends the block and has no cell in this column; the loop's cur++ skips it as
      // Go's does.
      line0 = cur;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('');
}
