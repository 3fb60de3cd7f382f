// same-graph.js FILE.json FILE.graphml - graphology imports entgraph's JSON
// (Graph.from) and its GraphML (graphology-graphml) to the same graph: the
// same nodes, edges and attribute values (numbers equal, strings equal;
// the JSON's extra "color" folds GraphML's r, g, b).
const Graph = require('graphology');
const graphml = require('graphology-graphml');
const fs = require('fs');
const a = Graph.from(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const b = graphml.parse(Graph, fs.readFileSync(process.argv[3], 'utf8'));
const fail = m => { console.error(m); process.exit(1); };
if (a.type !== 'undirected' || a.order !== b.order || a.size !== b.size) fail(`sizes ${a.order}/${a.size} vs ${b.order}/${b.size}`);
const same = (x, y) => typeof x === 'number' ? Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x)) : x === y;
a.forEachNode((k, at) => {
  if (!b.hasNode(k)) fail('node ' + k + ' missing in GraphML');
  const bt = b.getNodeAttributes(k);
  for (const [n, v] of Object.entries(bt)) if (n !== 'r' && n !== 'g' && n !== 'b' && !same(v, at[n])) fail(`node ${k} ${n}: ${at[n]} vs ${v}`);
  // graphology-graphml folds r, g, b into "color" when it sees all three
  const hex = bt.color !== undefined ? bt.color : '#' + [bt.r, bt.g, bt.b].map(c => c.toString(16).padStart(2, '0')).join('');
  if (at.color !== hex) fail(`node ${k} color ${at.color} vs ${hex}`);
  if (at.type !== undefined) fail(`node ${k} has a "type" attribute`);
});
a.forEachEdge((e, at, s, t) => {
  const f = b.edge(s, t);
  if (f === undefined) fail(`edge ${s}-${t} missing in GraphML`);
  const bt = b.getEdgeAttributes(f);
  for (const [n, v] of Object.entries(bt)) if (!same(v, at[n])) fail(`edge ${s}-${t} ${n}: ${at[n]} vs ${v}`);
});
console.log(`same: ${a.order} nodes, ${a.size} edges`);
