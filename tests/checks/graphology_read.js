// Parse a GraphML file with graphology (the library behind Gephi Lite) and
// print "nodes N edges M" plus each node's key and label, sorted.
const Graph = require('graphology');
const graphml = require('graphology-graphml');
const fs = require('fs');
const g = graphml.parse(Graph, fs.readFileSync(process.argv[2], 'utf8'));
console.log(`nodes ${g.order} edges ${g.size}`);
const rows = [];
g.forEachNode((k, a) => rows.push(`${k}\t${a.label}`));
rows.sort();
for (const r of rows) console.log(r);
let total = 0;
g.forEachEdge((e, a) => { total += a.weight; });
console.log(`total weight ${total}`);
