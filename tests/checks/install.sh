#!/usr/bin/env bash
# The library is installable and embeddable: `make install DESTDIR=` puts
# the header, the static and shared libraries (with a soname) and
# entgraph.pc in place, and the programs of examples/ build against the
# *installed* copy with pkg-config, in C and as C++, and run.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
inst=$TMP/inst
rm -rf "$inst"
# a build of its own (another PREFIX must not touch the suite's build/),
# with gcc for the normal run and clang for the sanitizer run: both
# compilers build and install it
cc=gcc; [ "${LABEL:-}" = asan ] && cc=clang
t "make install DESTDIR=... PREFIX=/usr ($cc)" "make -C $ROOT --no-print-directory -s -j2 install BUILD=$TMP/build CC=$cc DESTDIR=$inst PREFIX=/usr"
t "installed: header, libentgraph.a, libentgraph.so with its soname, entgraph.pc, binary, man page, dictionaries" \
  "[ -f $inst/usr/include/entgraph.h ] && [ -f $inst/usr/lib/libentgraph.a ] && [ -L $inst/usr/lib/libentgraph.so ] && readelf -d $inst/usr/lib/libentgraph.so.0 | grep -q 'SONAME.*libentgraph.so.0' && [ -f $inst/usr/lib/pkgconfig/entgraph.pc ] && [ -x $inst/usr/bin/entgraph ] && [ -f $inst/usr/share/man/man1/entgraph.1 ] && ls $inst/usr/share/entgraph/dicts/*.jsonl"
export PKG_CONFIG_PATH=$inst/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$inst
t "pkg-config finds the installed entgraph" "pkg-config --cflags --libs entgraph | grep -q -- '-I$inst/usr/include' && pkg-config --modversion entgraph | grep -qx 0.1.0"
t "examples/tag_and_graph.c builds against the installed library (C) and runs" \
  "cc -std=c11 -Wall -Wextra -Werror $ROOT/examples/tag_and_graph.c \$(pkg-config --cflags --libs entgraph) -o $TMP/ex_c && LD_LIBRARY_PATH=$inst/usr/lib $TMP/ex_c > $TMP/ex.graphml 2>$TMP/ex.err && xmllint --noout $TMP/ex.graphml && grep -q 'node id=\"org:pla\"' $TMP/ex.graphml && LD_LIBRARY_PATH=$inst/usr/lib ldd $TMP/ex_c | grep -q '$inst/usr/lib/libentgraph.so.0'"
t "examples/tag_and_graph.cpp builds against the installed library (C++) and runs" \
  "c++ -std=c++11 -Wall -Wextra -Werror $ROOT/examples/tag_and_graph.cpp \$(pkg-config --cflags --libs entgraph) -o $TMP/ex_cpp && LD_LIBRARY_PATH=$inst/usr/lib $TMP/ex_cpp > $TMP/ex.dot && grep -q '\"country:CHN\" -- \"country:JPN\"' $TMP/ex.dot"
t "the shared library exports exactly the EG_API functions of the header" \
  "grep '^EG_API' $inst/usr/include/entgraph.h | sed 's/(.*//' | grep -o 'eg_[a-z0-9_]*\$' | sort > $TMP/api && nm -D --defined-only $inst/usr/lib/libentgraph.so.0 | awk '{print \$3}' | sort > $TMP/exported && diff $TMP/api $TMP/exported"
