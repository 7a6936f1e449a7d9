// Local ESLint rule: the module boundaries of src/modules (docs/decisions/0012).
//
// 1. A module uses another module only through its public entry files (PUBLIC_ENTRIES below):
//    reaching into another module's internals fails.
// 2. Modules import one way: an import that is part of a circle of modules fails, naming the
//    circle. The module graph is read once per lint run from the import statements of every
//    non-test file under src/modules.
//
// Exempt: test files (*.test.ts[x]), test support folders (testing/, fixtures/), and imports of
// another module's tables.ts from a tables.ts (foreign keys, docs/decisions/0005).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The files another module may import, besides `service.ts` and `schema.ts`. */
export const PUBLIC_ENTRIES = {
  // The request context, the policy and the HTTP helpers every route needs.
  access: ['context.ts', 'policy.ts', 'middleware.ts'],
  // The status graph and the § 4 rule are pure and read by views and reports of other modules.
  agreements: ['status.ts'],
  // Read models (overview, portal) join tables read-only: tables.ts is their entry (ADR 0005).
};
const ALWAYS = ['service.ts', 'schema.ts'];
/** Modules allowed to read other modules' tables.ts (read models, ADR 0005). */
const READ_MODELS = new Set(['overview', 'portal', 'tasks']);

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const modulesDir = join(root, 'src', 'modules');

function isExempt(file) {
  const rel = relative(modulesDir, file).split(sep);
  return /\.test\.tsx?$/.test(file) || rel.includes('testing') || rel.includes('fixtures');
}

function moduleOf(file) {
  const rel = relative(modulesDir, file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function resolveTarget(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* try the next */
    }
  }
  return base;
}

function isTablesEdge(from, to) {
  return from.endsWith(`${sep}tables.ts`) && to.endsWith(`${sep}tables.ts`);
}

let cached;
/** Module graph (edges with one example import each) and the circles (strongly connected components). */
function moduleGraph() {
  if (cached) return cached;
  const edges = new Map();
  for (const file of walk(modulesDir)) {
    if (isExempt(file)) continue;
    const from = moduleOf(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const target = resolveTarget(file, match[1] ?? match[2]);
      const to = moduleOf(target);
      if (!to || to === from || isTablesEdge(file, target)) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, relative(root, file));
    }
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const stack = [];
  const info = new Map();
  const components = [];
  const connect = (node) => {
    info.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!info.has(next)) {
        connect(next);
        info.get(node).low = Math.min(info.get(node).low, info.get(next).low);
      } else if (info.get(next).onStack) {
        info.get(node).low = Math.min(info.get(node).low, info.get(next).index);
      }
    }
    if (info.get(node).low === info.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        info.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!info.has(node)) connect(node);
  const circleOf = new Map();
  for (const component of components) for (const member of component) circleOf.set(member, component);
  cached = { edges, circleOf };
  return cached;
}

/** The shortest way from `start` back to `goal` in the module graph, each step with an example file. */
function pathBack(edges, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === goal) break;
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  const steps = [];
  for (let node = goal; previous.get(node) !== null && previous.get(node) !== undefined; node = previous.get(node)) {
    const from = previous.get(node);
    steps.unshift(`${from} → ${node} (${edges.get(from).get(node)})`);
  }
  return steps.join(', ');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules import each other only through their public entry files and never in a circle.' },
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = moduleOf(file);
    if (!from || isExempt(file)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolveTarget(file, spec);
      if (target.startsWith(join(root, 'src', 'app') + sep)) {
        context.report({ node, message: 'Ein Modul importiert nie aus src/app/ (Abhängigkeiten laufen app → modules → platform).' });
        return;
      }
      const to = moduleOf(target);
      if (!to || to === from) return;
      const entry = relative(join(modulesDir, to), target).split(sep).join('/');
      const allowed = [...ALWAYS, ...(PUBLIC_ENTRIES[to] ?? [])];
      const tablesAllowed = entry === 'tables.ts' && (READ_MODELS.has(from) || file.endsWith(`${sep}tables.ts`));
      if (!allowed.includes(entry) && !tablesAllowed) {
        context.report({
          node,
          message: `„${to}/${entry}“ gehört zum Inneren des Moduls ${to}. Andere Module nutzen nur ${allowed.map((e) => `${to}/${e}`).join(', ')} (eslint/module-boundaries.js).`,
        });
        return;
      }
      if (isTablesEdge(file, target)) return;
      const { circleOf, edges } = moduleGraph();
      if (circleOf.get(from)?.includes(to)) {
        const back = pathBack(edges, to, from);
        context.report({
          node,
          message: `Modulkreis: ${from} → ${to}, und zurück: ${back}. Module importieren nur in eine Richtung.`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'module-boundaries': rule } };
