// Code signatures of the macOS binaries, checked and (when broken) redone ad hoc on any OS:
// macOS kills a process whose pages do not match its signature, and Bun 1.4's darwin-x64 output
// keeps the runtime's original signature, which stops matching once the program is appended.

import { createHash } from "node:crypto";

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
/** CodeDirectory version 0x20400 (with the exec-segment fields), as `codesign` writes today. */
const CD_VERSION = 0x20400;
const CD_HEADER_SIZE = 88;
const CS_ADHOC = 0x2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const CS_HASHTYPE_SHA256 = 2;
const SHA256_SIZE = 32;
/** Signature pages are 4 KiB on both architectures (the kernel checks each page it maps). */
const PAGE_LOG2 = 12;
const PAGE = 1 << PAGE_LOG2;
/** __LINKEDIT's memory size is whole 16 KiB pages (Apple Silicon's page; Intel accepts it). */
const SEGMENT_ALIGN = 16_384;

interface Layout {
  signatureCommand: number;
  dataOffset: number;
  dataSize: number;
  linkedit: number;
  text: { fileOffset: number; fileSize: number };
}

function layout(file: Buffer): Layout | string {
  if (file.length < 32 || file.readUInt32LE(0) !== MH_MAGIC_64) return "not a 64-bit Mach-O file";
  const count = file.readUInt32LE(16);
  let at = 32;
  let signatureCommand = -1;
  let linkedit = -1;
  let text: Layout["text"] | undefined;
  for (let i = 0; i < count; i++) {
    const command = file.readUInt32LE(at);
    if (command === LC_CODE_SIGNATURE) signatureCommand = at;
    if (command === LC_SEGMENT_64) {
      const name = file
        .subarray(at + 8, at + 24)
        .toString("latin1")
        .replace(/\0+$/, "");
      if (name === "__LINKEDIT") linkedit = at;
      if (name === "__TEXT") {
        text = {
          fileOffset: Number(file.readBigUInt64LE(at + 40)),
          fileSize: Number(file.readBigUInt64LE(at + 48)),
        };
      }
    }
    at += file.readUInt32LE(at + 4);
  }
  if (signatureCommand < 0) return "no code signature";
  if (linkedit < 0 || !text) return "no __LINKEDIT or __TEXT segment";
  return {
    signatureCommand,
    dataOffset: file.readUInt32LE(signatureCommand + 8),
    dataSize: file.readUInt32LE(signatureCommand + 12),
    linkedit,
    text,
  };
}

function pageHash(file: Buffer, page: number, codeLimit: number): Buffer {
  const end = Math.min((page + 1) * PAGE, codeLimit);
  return createHash("sha256")
    .update(file.subarray(page * PAGE, end))
    .digest();
}

/**
 * Why macOS would refuse to run this binary's code, or undefined when its signature holds: the
 * CodeDirectory must hash, page by page (SHA-256), every byte before the signature, as the
 * kernel checks it.
 *
 * @example
 * signatureProblem(readFileSync("dist/darwin-arm64/socklab-client")); // undefined
 */
export function signatureProblem(file: Buffer): string | undefined {
  const at = layout(file);
  if (typeof at === "string") return at;
  const { dataOffset, dataSize } = at;
  if (dataOffset + dataSize > file.length) return "the signature runs past the end of the file";
  if (file.readUInt32BE(dataOffset) !== CSMAGIC_EMBEDDED_SIGNATURE) return "no signature blob";
  const blobs = file.readUInt32BE(dataOffset + 8);
  for (let i = 0; i < blobs; i++) {
    if (file.readUInt32BE(dataOffset + 12 + i * 8) !== CSSLOT_CODEDIRECTORY) continue;
    const cd = dataOffset + file.readUInt32BE(dataOffset + 16 + i * 8);
    if (file.readUInt32BE(cd) !== CSMAGIC_CODEDIRECTORY) return "no CodeDirectory";
    const hashOffset = file.readUInt32BE(cd + 16);
    const slots = file.readUInt32BE(cd + 28);
    const codeLimit = file.readUInt32BE(cd + 32);
    if (file[cd + 37] !== CS_HASHTYPE_SHA256 || file[cd + 39] !== PAGE_LOG2) {
      return "not SHA-256 over 4 KiB pages";
    }
    if (codeLimit !== dataOffset) {
      return `the signature covers ${codeLimit} bytes, not the ${dataOffset} before it`;
    }
    if (slots !== Math.ceil(codeLimit / PAGE)) return `${slots} page hashes for ${codeLimit} bytes`;
    for (let page = 0; page < slots; page++) {
      const stored = file.subarray(
        cd + hashOffset + page * SHA256_SIZE,
        cd + hashOffset + (page + 1) * SHA256_SIZE,
      );
      if (!pageHash(file, page, codeLimit).equals(stored))
        return `page ${page} does not match its hash`;
    }
    return undefined;
  }
  return "no CodeDirectory";
}

/**
 * The binary with its signature replaced by an ad-hoc one over its current bytes (what
 * `codesign --force --sign -` does on a Mac): one CodeDirectory, no identity, no entitlements.
 * The signature space grows at the end of the file when the program made the code longer.
 *
 * @example
 * writeFileSync(path, adhocSign(readFileSync(path), "socklab-client"));
 */
export function adhocSign(original: Buffer, identifier: string): Buffer {
  const at = layout(original);
  if (typeof at === "string") throw new Error(`cannot sign: ${at}`);
  const codeLimit = at.dataOffset;
  const slots = Math.ceil(codeLimit / PAGE);
  const ident = Buffer.from(`${identifier}\0`, "latin1");
  const hashOffset = CD_HEADER_SIZE + ident.length;
  const cdLength = hashOffset + slots * SHA256_SIZE;
  const superLength = 12 + 8 + cdLength;
  const dataSize = Math.ceil(superLength / 16) * 16;

  const file = Buffer.alloc(codeLimit + dataSize);
  original.copy(file, 0, 0, codeLimit);
  // The load commands (in page 0, which is hashed too) first: the new signature size, and
  // __LINKEDIT reaching exactly to the new end of the file.
  file.writeUInt32LE(dataSize, at.signatureCommand + 12);
  const linkeditOffset = Number(file.readBigUInt64LE(at.linkedit + 40));
  const linkeditSize = file.length - linkeditOffset;
  file.writeBigUInt64LE(
    BigInt(Math.ceil(linkeditSize / SEGMENT_ALIGN) * SEGMENT_ALIGN),
    at.linkedit + 32,
  );
  file.writeBigUInt64LE(BigInt(linkeditSize), at.linkedit + 48);

  let p = codeLimit;
  file.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, p);
  file.writeUInt32BE(superLength, p + 4);
  file.writeUInt32BE(1, p + 8);
  file.writeUInt32BE(CSSLOT_CODEDIRECTORY, p + 12);
  file.writeUInt32BE(20, p + 16);
  p += 20;
  file.writeUInt32BE(CSMAGIC_CODEDIRECTORY, p);
  file.writeUInt32BE(cdLength, p + 4);
  file.writeUInt32BE(CD_VERSION, p + 8);
  file.writeUInt32BE(CS_ADHOC, p + 12);
  file.writeUInt32BE(hashOffset, p + 16);
  file.writeUInt32BE(CD_HEADER_SIZE, p + 20); // identOffset
  file.writeUInt32BE(0, p + 24); // no special slots (Info.plist, requirements, entitlements)
  file.writeUInt32BE(slots, p + 28);
  file.writeUInt32BE(codeLimit, p + 32);
  file[p + 36] = SHA256_SIZE;
  file[p + 37] = CS_HASHTYPE_SHA256;
  file[p + 39] = PAGE_LOG2;
  // spare2, scatterOffset, teamOffset, spare3, codeLimit64 stay 0 (Buffer.alloc zeroes them).
  file.writeBigUInt64BE(BigInt(at.text.fileOffset), p + 64);
  file.writeBigUInt64BE(BigInt(at.text.fileSize), p + 72);
  file.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), p + 80);
  ident.copy(file, p + CD_HEADER_SIZE);
  for (let page = 0; page < slots; page++) {
    pageHash(file, page, codeLimit).copy(file, p + hashOffset + page * SHA256_SIZE);
  }
  return file;
}
