// Parse a GEXF file with graphology-gexf (the parser of Gephi Lite) and
// print "nodes N edges M", each node's key, label and type, sorted, and the
// total weight.
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const fs = require('fs');
const g = gexf.parse(Graph, fs.readFileSync(process.argv[2], 'utf8'));
console.log(`nodes ${g.order} edges ${g.size}`);
const rows = [];
g.forEachNode((k, a) => rows.push(`${k}\t${a.label}\t${a.entity_type}`));
rows.sort();
for (const r of rows) console.log(r);
let total = 0;
g.forEachEdge((e, a) => { total += a.weight; });
console.log(`total weight ${total}`);
