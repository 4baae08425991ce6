// Sentences of the chat mode, in English and French.

const en = {};
export type ChatMessages = typeof en;

const fr: ChatMessages = {};

export const chat = { en, fr };
