/*
 * recert/common.h: version, export and linkage macros shared by every
 * public header of librecert. Self-contained C11; usable from C++.
 */
#ifndef RECERT_COMMON_H
#define RECERT_COMMON_H

/** Library version. The runtime value is recert_version(). */
#define RECERT_VERSION_MAJOR 0
#define RECERT_VERSION_MINOR 1
#define RECERT_VERSION_PATCH 0
#define RECERT_VERSION "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define RECERT_EXTERN __attribute__((visibility("default")))
#else
#define RECERT_EXTERN
#endif

#ifdef __cplusplus
#define RECERT_BEGIN_DECLS extern "C" {
#define RECERT_END_DECLS }
#else
#define RECERT_BEGIN_DECLS
#define RECERT_END_DECLS
#endif

#endif
