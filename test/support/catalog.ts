// The catalog completeness check, for any table of sentences in English and French: the same
// keys, the same kinds and arities, nothing empty, and no French sentence left as its English
// one unless it is code (a command line) or on the caller's allow-list.

/** Arguments a sentence function is called with: numbers where a count goes, words elsewhere. */
const SAMPLE_ARGS = [2, 3, 4, 5, 6, 7, 8, 9];

/** An example command: code, the same in every language. */
const COMMAND_LINE = /^\s*(socklab-(client|server)|printf|nc|telnet|curl) /;

function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === "string") out.set(path, value);
  else if (typeof value === "function") {
    let result: unknown;
    try {
      result = value(...SAMPLE_ARGS);
    } catch {
      try {
        result = value(...SAMPLE_ARGS.map(String));
      } catch {
        return out; // takes a value of its own kind: checked by its own tests
      }
    }
    leaves(result, `${path}()`, out);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) leaves(item, `${path}.${i}`, out);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) leaves(item, `${path}.${key}`, out);
  }
  return out;
}

/**
 * What is missing or untranslated between `en` and `fr` (empty when complete).
 *
 * @example
 * expect(catalogProblems(usage.en, usage.fr)).toEqual([]);
 */
export function catalogProblems(
  en: Record<string, unknown>,
  fr: Record<string, unknown>,
  allow: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    if (!(key in fr)) problems.push(`${key}: no French`);
    else if (typeof fr[key] !== typeof en[key]) problems.push(`${key}: not the same kind`);
    else if (
      typeof en[key] === "function" &&
      (fr[key] as () => void).length !== (en[key] as () => void).length
    )
      problems.push(`${key}: not the same arguments`);
  }
  for (const key of Object.keys(fr)) if (!(key in en)) problems.push(`${key}: French only`);
  // A sentence is never empty (a help text's blank lines, inside a list, are layout).
  for (const [key, value] of Object.entries(en)) {
    if (typeof value === "string" && (value.trim() === "" || String(fr[key]).trim() === ""))
      problems.push(`${key}: empty`);
  }
  const english = leaves(en, "", new Map());
  const french = leaves(fr, "", new Map());
  for (const [path, text] of english) {
    const other = french.get(path);
    if (other === undefined) continue;
    if (other === text && /\p{L}{2}/u.test(text) && !allow.has(text) && !COMMAND_LINE.test(text))
      problems.push(`${path}: the same in French: ${text}`);
  }
  return problems;
}
