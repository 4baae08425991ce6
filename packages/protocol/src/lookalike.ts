// When one name only *looks* like another: `аlice` (Cyrillic а), `𝐚lice`, `ａｌｉｃｅ`, `alıce`,
// `ᴀlice` and `AIice` all pass for `alice` on screen. Unicode TR39 skeletons decide.

/** unhomoglyph, loaded on the first name compared: at import it joins its ~6,000 keys into one
 * regular expression, a cost every server's start would pay, echo's too (`bun run bench start`). */
let mapper: ((text: string) => string) | undefined;
function unhomoglyph(text: string): string {
  mapper ??= require("unhomoglyph") as (text: string) => string;
  return mapper(text);
}

// The confusables mapping is unhomoglyph's copy of TR39's confusables.txt (Unicode 13.0.0; MIT,
// no install script, no dependency): each character to the prototype it is confused with
// (`а` → `a`, `ı` → `i`, `I` → `l`, `0` → `O`, `m` → `rn`). Characters added to Unicode since
// then map to themselves, which only misses a look-alike among them, never merges two names.

/** Latin small capitals are the capital letter drawn at lowercase height: case aside (names
 * ignore case), `ᴀlice` is `alice`. confusables.txt maps some of them (ᴄ ᴏ ꜱ ᴜ ᴠ ᴡ ʏ ᴢ ɪ) but not
 * these, nor ᴋ and ᴍ to k and m. */
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: "a",
  ʙ: "b",
  ᴅ: "d",
  ᴇ: "e",
  ꜰ: "f",
  ɢ: "g",
  ʜ: "h",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴘ: "p",
  ꞯ: "q",
  ʀ: "r",
  ᴛ: "t",
};
const SMALL_CAPITAL = new RegExp(`[${Object.keys(SMALL_CAPITALS).join("")}]`, "gu");

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

const smallCapitals = (text: string) =>
  text.replace(SMALL_CAPITAL, (char) => SMALL_CAPITALS[char] ?? char);

/** TR39's skeleton of one string, as typed (case kept): NFD, each character to its prototype,
 * NFD again. Small capitals become their letter before the mapping (ᴋ, which it sends to ĸ) and
 * after it (Cyrillic т becomes ᴛ there). */
function skeleton(text: string): string {
  return smallCapitals(unhomoglyph(smallCapitals(text.normalize("NFD")))).normalize("NFD");
}

/**
 * The skeletons a name is compared by: NFKC (fullwidth and mathematical letters become plain
 * ones), invisible characters removed, then TR39's skeleton of the name as typed, in lower
 * case, in upper case and capitalised. Several forms because confusables.txt is case-sensitive
 * while names ignore case: `ВОВ` (Cyrillic) looks like `BOB`, the upper case of `bob`, and
 * `AIice` (capital i) like `Alice`, the capitalised `alice`.
 *
 * @example
 * nameSkeletons("Bob") // ["Bob", "bob", "BOB"]
 */
export function nameSkeletons(name: string): string[] {
  const base = name.normalize("NFKC").replace(IGNORABLE, "");
  const lower = base.toLowerCase();
  const [first = "", ...rest] = lower;
  const forms = [base, lower, base.toUpperCase(), first.toUpperCase() + rest.join("")];
  return [...new Set(forms.map(skeleton))];
}

/**
 * True when two names would pass for each other on screen (or are the same name).
 *
 * @example
 * looksAlike("alice", "\u0430lice") // true (Cyrillic а)
 * looksAlike("alice", "alicia")     // false
 */
export function looksAlike(a: string, b: string): boolean {
  const theirs = new Set(nameSkeletons(b));
  return nameSkeletons(a).some((form) => theirs.has(form));
}

/** Below this many entries the index is never swept: a class of thirty fits many times over. */
const SWEEP_FLOOR = 1024;

/**
 * The names in use, indexed by skeleton, to find a look-alike in one lookup whatever the
 * number of people. Holders are the caller's (a chat member, a player id); `nameOf` tells the
 * name a holder goes by now (undefined once gone), so a holder that left or renamed needs no
 * removal here: its old entries are seen to be stale and skipped.
 *
 * Memory: at most 4 entries per name added; stale entries are swept whenever the index doubles,
 * so it stays within about twice 4 × (names in use) + {@link SWEEP_FLOOR} entries.
 *
 * @example
 * const index = new Lookalikes<number>((id) => names.get(id));
 * index.add(1, "alice");
 * index.find("\u0430lice") // 1
 */
export class Lookalikes<T> {
  private readonly entries = new Map<string, { holder: T; name: string }>();
  private sweepAt = SWEEP_FLOOR;

  constructor(private readonly nameOf: (holder: T) => string | undefined) {}

  /** A holder other than `self` whose current name looks like `name`, if there is one. */
  find(name: string, self?: T): T | undefined {
    for (const form of nameSkeletons(name)) {
      const entry = this.entries.get(form);
      if (entry === undefined || entry.holder === self) continue;
      if (this.nameOf(entry.holder) === entry.name) return entry.holder;
    }
    return undefined;
  }

  /** `holder` goes by `name` from now on (it may take the name right after this call: the
   * sweep runs before the new entries are in, so `nameOf` may still give the old name). */
  add(holder: T, name: string): void {
    if (this.entries.size >= this.sweepAt) {
      for (const [form, entry] of this.entries) {
        if (this.nameOf(entry.holder) !== entry.name) this.entries.delete(form);
      }
      this.sweepAt = Math.max(SWEEP_FLOOR, 2 * this.entries.size);
    }
    for (const form of nameSkeletons(name)) this.entries.set(form, { holder, name });
  }

  /** Entries held, stale ones included (for tests of the memory bound). */
  get size(): number {
    return this.entries.size;
  }
}
