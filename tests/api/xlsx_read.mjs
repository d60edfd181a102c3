// tests/api/xlsx_read.mjs — a tiny .xlsx reader for the API tests (the
// budget export, docs/budget.md §XLSX export): the zip's central directory
// and node:zlib's inflateRawSync, no npm package.  Gives the text of named
// entries (xl/sharedStrings.xml, xl/worksheets/sheet1.xml …) and, on top,
// the sheet names and a sheet's cells by reference ("B6").
import { inflateRawSync } from 'node:zlib';

// readXlsx(bytes) → { names, text(name) }: names of the entries in zip
// order; text(name) is the entry as UTF-8, null when there is none.
// bytes: Buffer, Uint8Array or ArrayBuffer.  Throws when it is not a zip.
export function readXlsx(bytes) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes instanceof ArrayBuffer ? bytes : bytes.buffer,
    bytes.byteOffset ?? 0, bytes.byteLength);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('xlsx: no end of central directory (not a zip)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`xlsx: bad central header at ${at}`);
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.set(name, { method, csize, local });
    at += 46 + nameLen + extra + comment;
  }
  return {
    names: [...entries.keys()],
    text(name) {
      const e = entries.get(name);
      if (!e) return null;
      const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
      const data = buf.subarray(start, start + e.csize);
      if (e.method === 0) return data.toString('utf8');
      if (e.method !== 8) throw new Error(`xlsx: ${name}: compression method ${e.method}`);
      return inflateRawSync(data).toString('utf8');
    },
  };
}

const unescape = (s) => s.replace(/&(amp|lt|gt|quot|apos|#x?[0-9a-fA-F]+);/g, (_, e) => ({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
})[e] ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));

// The shared strings in order (rich-text runs joined).
export function sharedStrings(book) {
  const xml = book.text('xl/sharedStrings.xml') ?? '';
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map(([, si]) =>
    [...si.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map(([, t]) => unescape(t)).join(''));
}

// [{ name, path }] of the worksheets in workbook order.
export function sheets(book) {
  const rels = book.text('xl/_rels/workbook.xml.rels') ?? '';
  const target = new Map([...rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)]
    .map(([, id, t]) => [id, t.startsWith('/') ? t.slice(1) : `xl/${t}`]));
  const wb = book.text('xl/workbook.xml') ?? '';
  return [...wb.matchAll(/<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"/g)]
    .map(([, name, id]) => ({ name: unescape(name), path: target.get(id) }));
}

export const sheetNames = (book) => sheets(book).map((s) => s.name);

// The cells of the sheet named name: { B6: 'Dự án 1 …', C6: 67400, D7: '' }
// (strings resolved, numbers as numbers, styled blanks as '').  Also
// .merges: ['A1:I1', …].  Throws when there is no such sheet.
export function sheetCells(book, name) {
  const s = sheets(book).find((x) => x.name === name);
  if (!s) throw new Error(`xlsx: no sheet ${name}; have ${sheetNames(book).join(', ')}`);
  const xml = book.text(s.path);
  const strings = sharedStrings(book);
  const cells = {};
  for (const [, ref, attrs, body] of xml.matchAll(/<c r="([A-Z]+[0-9]+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
    const v = body && /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    if (type === 'inlineStr') cells[ref] = unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body ?? '')?.[1] ?? '');
    else if (v == null) cells[ref] = '';
    else if (type === 's') cells[ref] = strings[Number(v)];
    else if (type === 'str' || type === 'e') cells[ref] = unescape(v);
    else if (type === 'b') cells[ref] = v === '1';
    else cells[ref] = Number(v);
  }
  Object.defineProperty(cells, 'merges', {
    value: [...xml.matchAll(/<mergeCell ref="([^"]+)"/g)].map((m) => m[1]),
  });
  return cells;
}
