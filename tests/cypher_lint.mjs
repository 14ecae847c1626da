// Lints Cypher without a server: reads {name: {query, params}} as JSON on stdin and prints
// {name: [diagnostic, ...]} as JSON on stdout (an empty list means the query is clean).
//
// The package lives outside any node_modules folder above this file (CI installs it under
// .ci/node), so it is resolved from the folder named by CYPHER_NODE_MODULES.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const modules = process.env.CYPHER_NODE_MODULES;
if (!modules) {
  console.error("set CYPHER_NODE_MODULES to the node_modules folder holding the linter");
  process.exit(2);
}
const entry = createRequire(`${modules}/`).resolve("@neo4j-cypher/language-support");
const loaded = await import(pathToFileURL(entry).href);
// The package resolves to its CommonJS build here; its exports then sit on `default`.
const { lintCypherQuery } = loaded.lintCypherQuery ? loaded : loaded.default;

let input = "";
for await (const chunk of process.stdin) input += chunk;

const out = {};
for (const [name, { query, params }] of Object.entries(JSON.parse(input))) {
  // Only the names matter to the linter: each declared $param must be defined.
  const parameters = Object.fromEntries(params.map((p) => [p, null]));
  out[name] = lintCypherQuery(query, { parameters }).diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    offsets: d.offsets,
  }));
}
process.stdout.write(JSON.stringify(out));
