/*
 * xlsxfile.c — libxlsxwriter through a temporary file, one workbook at a
 * time (xlsxfile.h says why).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xlsxfile.h"

static pthread_mutex_t xlsx_lock = PTHREAD_MUTEX_INITIALIZER;

/* The whole of fd into the arena (malloc when a is NULL). */
static int slurp(int fd, struct arena *a, char **out, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	size_t size = (size_t)st.st_size;
	char *buf = a != NULL ? arena_alloc(a, size + 1) : malloc(size + 1);
	if (buf == NULL)
		abort();
	size_t got = 0;
	while (got < size) {
		ssize_t k = pread(fd, buf + got, size - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (a == NULL)
				free(buf);
			return -1;
		}
		got += (size_t)k;
	}
	*out = buf;
	*len = got;
	return 0;
}

int xlsxfile_write(const char *name, xlsxfile_build build, void *ctx,
                   struct arena *a, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	const char *dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	char path[4096];
	int n =
	    snprintf(path, sizeof path, "%s/trogiup-%s-XXXXXX.xlsx", dir, name);
	if (n < 0 || (size_t)n >= sizeof path) {
		log_error("%s_xlsx: temporary directory name too long", name);
		return -1;
	}
	int fd = mkstemps(path, 5); /* 5: ".xlsx" after the Xs */
	if (fd < 0) {
		log_error("%s_xlsx: temporary file in %s: %s", name, dir,
		          strerror(errno));
		return -1;
	}
	int rc = -1;
	lxw_workbook_options opts = {.tmpdir = (char *)dir};
	pthread_mutex_lock(&xlsx_lock);
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	if (wb == NULL) {
		pthread_mutex_unlock(&xlsx_lock);
		log_error("%s_xlsx: workbook_new failed", name);
		goto out;
	}
	lxw_error built = build(wb, ctx);
	/* Closing frees the workbook whatever happened before. */
	lxw_error closed = workbook_close(wb);
	pthread_mutex_unlock(&xlsx_lock);
	if (built != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
		log_error("%s_xlsx: %s", name,
		          lxw_strerror(built != LXW_NO_ERROR ? built : closed));
		goto out;
	}
	if (slurp(fd, a, out, len) != 0) {
		log_error("%s_xlsx: reading %s: %s", name, path,
		          strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	unlink(path);
	return rc;
}
