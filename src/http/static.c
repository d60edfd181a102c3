/*
 * static.c — see static.h.
 */
#include "http/static.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct static_files {
	struct static_file *files;
	size_t n, cap;
};

static const struct {
	const char *ext, *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot != NULL)
		for (size_t i = 0;
		     i < sizeof content_types / sizeof content_types[0]; i++)
			if (strcmp(dot, content_types[i].ext) == 0)
				return content_types[i].type;
	return "application/octet-stream";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Reads a whole file into malloc'd memory; NULL on failure. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	unsigned char *buf = NULL;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)st.st_size, f);
		if (*len != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

static int add_file(struct static_files *s, const char *root, const char *rel)
{
	char full[4096];
	snprintf(full, sizeof full, "%s%s", root, rel);
	size_t len;
	unsigned char *body = slurp(full, &len);
	if (body == NULL)
		return -1;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->files = realloc(s->files, s->cap * sizeof *s->files);
		if (s->files == NULL)
			abort();
	}
	struct static_file *f = &s->files[s->n++];
	memset(f, 0, sizeof *f);
	f->path = strdup(rel);
	f->content_type = type_of(rel);
	f->cache_control = strncmp(rel, "/assets/", 8) == 0
	                       ? "public, max-age=31536000, immutable"
	                       : "no-cache";
	char etag[24];
	snprintf(etag, sizeof etag, "\"%016llx\"",
	         (unsigned long long)fnv1a(body, len));
	f->etag = strdup(etag);
	f->body = body;
	f->len = len;
	char gzpath[4200];
	snprintf(gzpath, sizeof gzpath, "%s.gz", full);
	f->gz = slurp(gzpath, &f->gz_len);
	return 0;
}

static int walk(struct static_files *s, const char *root, const char *rel)
{
	char dirpath[4096];
	snprintf(dirpath, sizeof dirpath, "%s%s", root, rel);
	DIR *d = opendir(dirpath);
	if (d == NULL)
		return -1;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || ends_with(e->d_name, ".gz"))
			continue;
		char child[4096];
		snprintf(child, sizeof child, "%s/%s", rel, e->d_name);
		char full[8200];
		snprintf(full, sizeof full, "%s%s", root, child);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk(s, root, child);
		else if (S_ISREG(st.st_mode))
			rc = add_file(s, root, child);
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->path,
	              ((const struct static_file *)b)->path);
}

struct static_files *static_load(const char *dir, char **err)
{
	struct static_files *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	if (walk(s, dir, "") != 0) {
		if (asprintf(err, "cannot read the UI files in %s", dir) < 0)
			*err = NULL;
		static_free(s);
		return NULL;
	}
	qsort(s->files, s->n, sizeof *s->files, by_path);
	return s;
}

void static_free(struct static_files *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free((char *)s->files[i].path);
		free((char *)s->files[i].etag);
		free((unsigned char *)s->files[i].body);
		free((unsigned char *)s->files[i].gz);
	}
	free(s->files);
	free(s);
}

static const struct static_file *lookup(const struct static_files *s,
                                        const char *path)
{
	struct static_file key = {.path = path};
	return bsearch(&key, s->files, s->n, sizeof *s->files, by_path);
}

const struct static_file *static_find(const struct static_files *s,
                                      const char *path)
{
	if (s == NULL)
		return NULL;
	if (strcmp(path, "/") == 0)
		return lookup(s, "/index.html");
	const struct static_file *f = lookup(s, path);
	if (f != NULL || strncmp(path, "/assets/", 8) == 0)
		return f;
	return lookup(s, "/index.html");
}

size_t static_count(const struct static_files *s)
{
	return s ? s->n : 0;
}
