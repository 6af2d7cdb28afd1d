import { mixedRecipeFile } from '../bench/server.bench';
import { IncrementalParser, parseDocument, validateDocument, expandRecipes } from '../grammar/src/index';
const t = mixedRecipeFile(10000);
for (let r = 0; r < 3; r++) {
  let a = performance.now();
  const p = new IncrementalParser().parse(t); const b = performance.now();
  parseDocument(t); const c = performance.now();
  const v = validateDocument(p.ast); const d = performance.now();
  expandRecipes(p.ast, { semantic: v }); const e = performance.now();
  console.log(`chunked ${(b-a).toFixed(0)} whole ${(c-b).toFixed(0)} validate ${(d-c).toFixed(0)} expand ${(e-d).toFixed(0)}`);
}
