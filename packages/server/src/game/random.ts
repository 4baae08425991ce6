// Where the game's secrets come from: a small seeded generator (`--seed N`, so tests and classroom
// demos replay the same secrets) or the system's cryptographic one (nobody can predict it).

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** Seeds are taken modulo 2^32: the generator's whole state is one 32-bit word. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Mulberry32 (Tommy Ettinger, public domain): 32 bits of state, passes the statistical tests
 * that matter for a guessing game, and is a dozen lines anyone can port to their Java or C lab
 * to predict the server's secrets for a given seed.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Unseeded: the operating system's generator, so a student cannot guess the next secret from
 * the last ones. */
export function systemRandom(): Random {
  const word = new Uint32Array(1);
  return () => {
    crypto.getRandomValues(word);
    return (word[0] as number) / 2 ** 32;
  };
}

/** A whole number in [min, max], both included. Exact while max - min < 2^32 (the game's
 * flags keep it far below). */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
