// The shared catalog (what both programs say or read): English and French hold the same
// sentences, of the same kind. The server's and the client's own are checked beside them.

import { expect, test } from "bun:test";
import { join } from "node:path";
import { checkCatalog } from "../../../test/support/catalog.ts";
import { isLang, LANGS, messages, SHARED_FEATURES } from "../src/catalog/index.ts";

checkCatalog("protocol", join(import.meta.dir, "../src/catalog"), SHARED_FEATURES, messages);

test("the length greeting in both languages", () => {
  expect(messages("en").lengthWelcome(3)).toBe("Welcome, you are client #3");
  expect(messages("fr").lengthWelcome(3)).toBe("Bienvenue, vous êtes le client n°3");
});

test("languages", () => {
  expect([...LANGS]).toEqual(["en", "fr"]);
  expect(isLang("fr")).toBe(true);
  expect(isLang("de")).toBe(false);
});
