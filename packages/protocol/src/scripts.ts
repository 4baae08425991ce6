// Which writing systems a name uses, for the "one script per name" rule (Unicode TR39 §5.1,
// "Highly Restrictive"): `аlice` with a Cyrillic `а` mixes scripts, `Дмитрий` and `山田` do not.

/** Every script of Unicode 16 by its ISO 15924 code, as JavaScript's `\p{scx=…}` names it.
 * Common (Zyyy) and Inherited (Zinh) are left out on purpose: digits, `_ - .` and combining
 * accents belong to every script. A code the engine does not know yet is skipped. */
const CODES =
  "Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Bhks Bopo Brah Brai Bugi Buhd " +
  "Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym " +
  "Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira " +
  "Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo " +
  "Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym " +
  "Modi Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya " +
  "Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur " +
  "Sgnw Shaw Shrd Sidd Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu " +
  "Taml Tang Tavt Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Toto Tutg Ugar Vaii Vith Wara " +
  "Wcho Xpeo Xsux Yezi Yiii Zanb";

/** TR39's augmented script sets: Japanese writes Han with kana, Korean Han with Hangul, Chinese
 * Han with Bopomofo, so `山田さん` is one script (Jpan), not three. */
const AUGMENTED: Record<string, string[]> = {
  Hani: ["Hanb", "Jpan", "Kore"],
  Hira: ["Jpan"],
  Kana: ["Jpan"],
  Hang: ["Kore"],
  Bopo: ["Hanb"],
};

/** Scripts that may stand beside Latin in one name (TR39's "Highly Restrictive" level). */
const WITH_LATIN = ["Jpan", "Kore", "Hanb"];

let tests: [string, RegExp][] | undefined;

/** Built on first use: the client and a server that never checks a name skip the cost. */
function scriptTests(): [string, RegExp][] {
  if (tests === undefined) {
    tests = [];
    for (const code of CODES.split(" ")) {
      try {
        tests.push([code, new RegExp(`^\\p{scx=${code}}$`, "u")]);
      } catch {
        // An older engine without this script: its letters count as Common, which only makes
        // the rule more lenient for that script, never stricter.
      }
    }
  }
  return tests;
}

/** Code point → its augmented scripts (empty: Common or Inherited). Bounded: a name holds at
 * most 20 code points and the cache is dropped whole past this many entries. */
const CACHE_LIMIT = 4096;
const cache = new Map<number, readonly string[]>();

function scriptsOf(char: string): readonly string[] {
  const code = char.codePointAt(0) ?? 0;
  const known = cache.get(code);
  if (known !== undefined) return known;
  const found: string[] = [];
  for (const [script, test] of scriptTests()) {
    if (test.test(char)) found.push(script, ...(AUGMENTED[script] ?? []));
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(code, found);
  return found;
}

/** The scripts every character of `chars` belongs to (Common and Inherited ones aside), or
 * undefined when none of them has a script (all digits, say). */
function resolve(chars: readonly string[]): Set<string> | undefined {
  let common: Set<string> | undefined;
  for (const char of chars) {
    const scripts = scriptsOf(char);
    if (scripts.length === 0) continue;
    common =
      common === undefined
        ? new Set(scripts)
        : new Set(scripts.filter((script) => common?.has(script)));
  }
  return common;
}

/**
 * True when `text` mixes writing systems a reader could mistake for one another: Latin with
 * Cyrillic or Greek, say. Latin beside Han, kana or Hangul is fine (as TR39 allows), and so
 * are digits, punctuation and accents with any script.
 *
 * @example
 * mixesScripts("\u0430lice") // true: a Cyrillic а, then Latin
 * mixesScripts("Дмитрий")    // false
 * mixesScripts("山田Taro")    // false
 */
export function mixesScripts(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, on purpose
  if (/^[\x00-\x7f]*$/.test(text)) return false; // ASCII: Latin and Common only
  const chars = [...text];
  const all = resolve(chars);
  if (all === undefined || all.size > 0) return false;
  const others = resolve(chars.filter((char) => !scriptsOf(char).includes("Latn")));
  return !(others !== undefined && WITH_LATIN.some((script) => others.has(script)));
}
