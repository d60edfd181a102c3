/*
 * static.h — the built UI (web/dist), loaded into memory at start.
 *
 * Each file is kept with its gzip twin (the build writes NAME.gz beside
 * NAME), its content type and an ETag.  Hashed assets under /assets/ are
 * cached for a year (their names change with their content); everything
 * else is revalidated.  Paths that name no file get index.html, so the
 * UI's own routes survive a reload.
 */
#ifndef TROGIUP_HTTP_STATIC_H
#define TROGIUP_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct static_files;

struct static_file {
	const char *path; /* "/assets/index-abc123.js" */
	const char *content_type;
	const char *cache_control;
	const char *etag; /* quoted */
	const unsigned char *body;
	size_t len;
	const unsigned char *gz; /* NULL when there is no .gz twin */
	size_t gz_len;
};

/* Loads every file under dir; NULL and *err (malloc'd) on failure. */
struct static_files *static_load(const char *dir, char **err);
void static_free(struct static_files *s);

/* The file to answer `path` with (SPA fallback included), or NULL when
 * nothing fits (a missing /assets/ file, or no index.html). */
const struct static_file *static_find(const struct static_files *s,
                                      const char *path);

size_t static_count(const struct static_files *s);

#endif
