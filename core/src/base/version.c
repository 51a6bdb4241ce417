/* version.c — the library version, set by the build. */
#include "qedge/qedge.h"

#ifndef QEDGE_VERSION
#define QEDGE_VERSION "0.0.0"
#endif

const char *qe_version(void) {
  return QEDGE_VERSION;
}
