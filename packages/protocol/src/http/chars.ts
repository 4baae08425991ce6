// Byte classes of HTTP's grammar (RFC 9110 §5), as lookup tables: the request parser, the
// chunked coding's scanner and the response reader test bytes against them.

import { HTAB } from "../ascii.ts";

/** tchar (RFC 9110 §5.6.2): the characters of methods and field names. */
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** field-vchar / SP / HTAB (RFC 9110 §5.5): obs-text (≥ 0x80) is allowed, controls are not. */
export const FIELD_CHAR = new Uint8Array(256);
FIELD_CHAR[HTAB] = 1;
for (let c = 0x20; c <= 0x7e; c++) FIELD_CHAR[c] = 1;
for (let c = 0x80; c <= 0xff; c++) FIELD_CHAR[c] = 1;
