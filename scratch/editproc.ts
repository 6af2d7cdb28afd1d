import { TextDocument } from 'vscode-languageserver-textdocument';
import { recipeFile } from '../bench/server.bench';
import { DocumentModel } from '../server/src/documentModel';
import { IncrementalParser, validateDocument, chunksOf } from '../grammar/src/index';
async function main() {
  const model = new DocumentModel({ maxFamilySize: () => 100000, scorer: () => Promise.reject(new Error('x')) });
  let text = recipeFile(1000);
  const uri = 'file:///x.bimetal';
  await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const parser = new IncrementalParser(); parser.parse(text);
  const times: number[] = []; const pt: number[] = []; const vt: number[] = []; const ct: number[] = [];
  for (let v = 2; v < 42; v++) {
    const at = text.indexOf('ligands', text.length / 2 + (v % 2) * 100) + 20;
    text = text.slice(0, at) + String(v % 10) + text.slice(at + 1);
    let t = performance.now();
    const a = await model.analyse(TextDocument.create(uri, 'bimetal', v, text));
    times.push(performance.now() - t);
    t = performance.now(); const p = parser.parse(text); pt.push(performance.now() - t);
    t = performance.now(); chunksOf(text); ct.push(performance.now() - t);
    t = performance.now(); validateDocument({ ...p.ast }); vt.push(performance.now() - t);
  }
  const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1].toFixed(1);
  console.log('analyse', med(times), 'parse', med(pt), 'chunks', med(ct), 'validate', med(vt));
}
void main();
