// Byte values of the ASCII characters the protocol scanners look for, named once for the line
// decoder and the HTTP parser (both scan raw bytes, never decoded strings).

export const HTAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const COMMA = 0x2c;
export const COLON = 0x3a;
