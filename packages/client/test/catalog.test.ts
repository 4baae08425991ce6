// socklab-client's catalog (the shared sentences, its screens', the checker's): English and
// French hold the same sentences, of the same kind, none left untranslated.

import { join } from "node:path";
import { checkCatalog } from "../../../test/support/catalog.ts";
import { FEATURES, messages } from "../src/catalog/index.ts";

checkCatalog("client", join(import.meta.dir, "../src/catalog"), FEATURES, messages);
