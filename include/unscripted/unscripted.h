/*
 * unscripted/unscripted.h: everything public in libunscripted.
 */
#ifndef UNSCRIPTED_H
#define UNSCRIPTED_H

#include "unscripted/error.h"
#include "unscripted/analyze.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "0.1.0" */
const char *us_version(void);

#ifdef __cplusplus
}
#endif
#endif
