// A Spectral ruleset doing what a user would ask of a generic linter: the plan schema, and the
// subtotal check (a subcategory's values against the sum of the items under it).
import { schema } from "@stoplight/spectral-functions";
// bench/compare.sh puts the contents of schemas/plan.schema.json here (Spectral bundles a
// ruleset, and a bundled ruleset cannot read a file).
const planSchema = PLAN_SCHEMA;

function number(v) {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\[[^\]]*\]/g, "").replace(/[, ]/g, "").trim();
  if (s === "" || s === "~") return null;
  if (/^[–—-]$/.test(s)) return 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function totals(rows, _opts, context) {
  const out = [];
  if (!Array.isArray(rows)) return out;
  for (let i = 0; i < rows.length; i++) {
    const total = rows[i];
    if (!total || total.subcategory === undefined || !Array.isArray(total.values)) continue;
    const sums = total.values.map(() => 0);
    let j = i + 1;
    for (; j < rows.length && rows[j] && rows[j].subcategory === undefined && rows[j].category === undefined; j++) {
      if (rows[j].item === undefined || !Array.isArray(rows[j].values)) continue;
      rows[j].values.forEach((v, k) => { if (k < sums.length) sums[k] += number(v) ?? 0; });
    }
    if (j === i + 1) continue;
    total.values.forEach((v, k) => {
      const n = number(v);
      if (n !== null && n !== sums[k]) {
        out.push({ message: `total ${n} in column ${k + 1}, items sum to ${sums[k]}`, path: [...context.path, i, "values", k] });
      }
    });
  }
  return out;
}

export default {
  rules: {
    "plan-schema": { given: "$", severity: "error", then: { function: schema, functionOptions: { schema: planSchema, allErrors: true } } },
    "total-mismatch": { given: "$.body[*].rows", severity: "error", then: { function: totals } },
  },
};
