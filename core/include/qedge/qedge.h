/*
 * qedge/qedge.h — the whole public C API in one include, and the version.
 *
 * Thread-safety: qe_version() may be called from any thread.
 */
#ifndef QEDGE_QEDGE_H
#define QEDGE_QEDGE_H

#include "qedge/base.h"
#include "qedge/client.h"
#include "qedge/edge.h"
#include "qedge/error.h"
#include "qedge/json.h"
#include "qedge/model.h"
#include "qedge/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The library version as "major.minor.patch". */
const char *qe_version(void);

#ifdef __cplusplus
}
#endif
#endif
