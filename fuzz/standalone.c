/*
 * standalone: replays corpora through a fuzz target without libFuzzer, so a
 * plain gcc (or ASan) build runs every corpus file as a regression test.
 *
 *   fuzz_filter DIR_OR_FILE...
 *
 * Every regular file of every directory (not recursive, dot files skipped,
 * in name order so runs are reproducible) is read into a buffer of exactly
 * its size (an overread then trips ASan, as under libFuzzer) and passed to
 * LLVMFuzzerTestOneInput. A crash or an oracle's abort() fails the test; so
 * does an argument that names nothing or a directory with no inputs, which
 * catches a mistyped corpus path that would otherwise pass vacuously.
 * The idea is libgit2's tests/fuzz/standalone_driver.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "standalone: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *data = malloc(cap);
    size_t n;
    while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *p = realloc(data, cap * 2);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
            cap *= 2;
        }
    }
    int bad = ferror(f) || !data;
    fclose(f);
    if (bad) {
        free(data);
        fprintf(stderr, "standalone: cannot read %s\n", path);
        return -1;
    }
    /* Exactly len bytes: what the target may read and nothing more. */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return -1;
    }
    if (len)
        memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every file in dir; returns the number run, or -1. */
static long run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "standalone: cannot open %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    long rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **p = realloc(names, ncap * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            names = p;
            cap = ncap;
        }
        size_t need = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[count] = malloc(need))) {
            rc = -1;
            break;
        }
        snprintf(names[count], need, "%s/%s", dir, e->d_name);
        count++;
    }
    closedir(d);
    if (count)
        qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (rc >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc = run_file(names[i]) == 0 ? rc + 1 : -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    long total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long n;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "standalone: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]) == 0 ? 1 : -1;
        if (n <= 0) {
            fprintf(stderr, "standalone: %s: %s\n", argv[i], n == 0 ? "no inputs" : "failed");
            return 1;
        }
        total += n;
    }
    printf("%s: %ld inputs replayed\n", argv[0], total);
    return 0;
}
