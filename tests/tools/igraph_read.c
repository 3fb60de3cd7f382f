/* igraph_read - read a GraphML or Pajek (.net) file with igraph's own
 * reader and print "nodes N edges M", each node's id and label (Pajek: its
 * id twice, from the vertex "id" attribute igraph makes of the quoted
 * name) and the total weight: the test suite compares this with what
 * entgraph wrote. */
#include <igraph.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: igraph_read FILE.graphml|FILE.net\n"); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    size_t n = strlen(argv[1]);
    int pajek = n > 4 && !strcmp(argv[1] + n - 4, ".net");
    igraph_t g;
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_error_t rc = pajek ? igraph_read_graph_pajek(&g, f) : igraph_read_graph_graphml(&g, f, 0);
    fclose(f);
    if (rc != IGRAPH_SUCCESS) return 1;
    printf("nodes %ld edges %ld\n", (long)igraph_vcount(&g), (long)igraph_ecount(&g));
    for (igraph_integer_t i = 0; i < igraph_vcount(&g); i++)
        printf("%s\t%s\n", VAS(&g, "id", i), pajek ? VAS(&g, "id", i) : VAS(&g, "label", i));
    double total = 0;
    for (igraph_integer_t i = 0; i < igraph_ecount(&g); i++) total += EAN(&g, "weight", i);
    printf("total weight %.0f\n", total);
    igraph_destroy(&g);
    return 0;
}
