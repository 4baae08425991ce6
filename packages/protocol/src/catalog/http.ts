// Sentences of the http mode, in English and French.

const en = {};
export type HttpMessages = typeof en;

const fr: HttpMessages = {};

export const http = { en, fr };
