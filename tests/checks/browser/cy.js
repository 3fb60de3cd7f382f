// cy.js FILE.cyjs - load an entgraph Cytoscape.js file into headless
// Cytoscape and print "nodes N edges M" and the total weight.
const cytoscape = require('cytoscape');
const fs = require('fs');
const j = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cy = cytoscape({ headless: true, elements: j.elements });
let w = 0;
cy.edges().forEach(e => { w += e.data('weight'); });
console.log(`nodes ${cy.nodes().length} edges ${cy.edges().length}`);
console.log(`total weight ${Math.round(w)}`);
cy.nodes().forEach(n => { if (typeof n.data('label') !== 'string' || typeof n.data('mentions') !== 'number') { console.error('bad node', n.id()); process.exit(1); } });
