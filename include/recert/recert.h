/*
 * recert/recert.h: librecert, a C client for SailPoint's Certifications
 * API (beta) and its v3 review operations (recert/v3.h), as served by
 * SailPoint Identity Security Cloud and recertd.
 * Include this one header; link with `pkg-config --libs recert`.
 * Guide: docs/client.md.
 */
#ifndef RECERT_RECERT_H
#define RECERT_RECERT_H

#include "certifications.h"
#include "client.h"
#include "common.h"
#include "error.h"
#include "iter.h"
#include "types.h"
#include "v3.h"

#endif
