/*
 * embedded.h: the default rule packs and lexicons, compiled into the library
 * by cmake/embed.cmake. The table ends with an entry whose path is NULL.
 */
#ifndef US_CORE_EMBEDDED_H
#define US_CORE_EMBEDDED_H

#include <stddef.h>

typedef struct us__embedded_file {
	const char *path; /* relative to the source tree: "rules/talk.yml" */
	const char *data; /* NUL-terminated */
	size_t size;
} us__embedded_file;

extern const us__embedded_file us__embedded_files[];

#endif
