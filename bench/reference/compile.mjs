// Compiles the Solidity reference (bench/reference/src) with solc-js (the
// npm build of solc, pinned by scripts/setup.sh), optimizer on at 200 runs,
// resolving @openzeppelin/contracts from the tools directory. Writes
// <out>/<Contract>.json ({abi, bytecode}) for each contract.
//   node bench/reference/compile.mjs <tools node_modules> <out dir>
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [modules, out] = process.argv.slice(2);
const require = createRequire(path.join(modules, "noop.js"));
const solc = require("solc");
const here = path.dirname(new URL(import.meta.url).pathname);
const sources = {};
for (const file of fs.readdirSync(path.join(here, "src"))) {
  sources[file] = { content: fs.readFileSync(path.join(here, "src", file), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
const findImports = (p) => {
  try {
    return { contents: fs.readFileSync(path.join(modules, p), "utf8") };
  } catch (e) {
    return { error: `not found: ${p}` };
  }
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);
fs.mkdirSync(out, { recursive: true });
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    if (c.evm.bytecode.object.length === 0) continue; // interfaces
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify({ abi: c.abi, bytecode: "0x" + c.evm.bytecode.object }));
  }
}
console.log(`solc ${solc.version()}: ${Object.keys(sources).length} files -> ${out}`);
