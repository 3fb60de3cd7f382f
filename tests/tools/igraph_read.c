/* igraph_read - read a GraphML file with igraph's own reader and print
 * "nodes N edges M" and each node's id and label: the test suite compares
 * this with what entgraph wrote. */
#include <igraph.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: igraph_read FILE.graphml\n"); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    igraph_t g;
    igraph_set_attribute_table(&igraph_cattribute_table);
    if (igraph_read_graph_graphml(&g, f, 0) != IGRAPH_SUCCESS) { fclose(f); return 1; }
    fclose(f);
    printf("nodes %ld edges %ld\n", (long)igraph_vcount(&g), (long)igraph_ecount(&g));
    for (igraph_integer_t i = 0; i < igraph_vcount(&g); i++)
        printf("%s\t%s\n", VAS(&g, "id", i), VAS(&g, "label", i));
    double total = 0;
    for (igraph_integer_t i = 0; i < igraph_ecount(&g); i++) total += EAN(&g, "weight", i);
    printf("total weight %.0f\n", total);
    igraph_destroy(&g);
    return 0;
}
