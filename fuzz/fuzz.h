/*
 * fuzz: the libFuzzer entry point every target defines, declared once so
 * that the targets compile under the project's -Wmissing-prototypes.
 *
 * Each fuzz_<name>.c is linked either with libFuzzer (clang, scripts/fuzz.sh)
 * or with standalone.c (any compiler, fuzz/CMakeLists.txt), which replays a
 * corpus directory as an ordinary test. A target signals a bug by crashing:
 * a sanitizer report, or FUZZ_CHECK's abort() when an oracle fails.
 */
#ifndef RECERT_FUZZ_H
#define RECERT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle: the property must hold for every input, valid or not. */
#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: fuzz oracle failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

#endif
