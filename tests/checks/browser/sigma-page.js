// sigma-page.js - bundled by esbuild once per sigma version (the import
// "sigma" is aliased to sigma3 or sigma4): draw window.GRAPH_DATA, an
// entgraph graphology JSON or GraphML text, with sigma.js, as Gephi Lite
// does, and report what was drawn in window.__result.
import Graph from 'graphology';
import { parse } from 'graphology-graphml/browser';
import Sigma from 'sigma';

try {
  const data = window.GRAPH_DATA;
  const graph = window.GRAPH_KIND === 'graphml' ? parse(Graph, data) : Graph.from(JSON.parse(data));
  // GraphML carries r, g, b (Gephi's keys); sigma wants one colour
  graph.forEachNode((k, a) => {
    if (!a.color && a.r !== undefined) graph.setNodeAttribute(k, 'color', `rgb(${a.r},${a.g},${a.b})`);
  });
  const renderer = new Sigma(graph, document.getElementById('container'));
  renderer.refresh();
  // a node's position on screen: sigma placed it
  const first = graph.nodes()[0];
  const disp = first !== undefined ? renderer.getNodeDisplayData(first) : null;
  window.__result = { nodes: graph.order, edges: graph.size, drawn: !!disp && isFinite(disp.x) && isFinite(disp.y),
                      types: Array.from(new Set(graph.mapNodes((k, a) => a.entity_type))).sort() };
} catch (e) {
  console.error('sigma: ' + e.message);
  window.__result = { error: e.message };
}
