// Sentences of the game mode, in English and French.

const en = {};
export type GameMessages = typeof en;

const fr: GameMessages = {};

export const game = { en, fr };
