/*
 * log.c — one key=value line per event on stderr; see log.h.
 *
 * Each line is formatted whole in a buffer (on the stack, or the heap
 * when long) and handed to one write(2) under a mutex, so threads never
 * interleave even when the kernel writes it in parts.  Line breaks inside
 * the message become spaces: a value that came from a user must not be
 * able to forge a second log line.
 */
#include "lib/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/timeutil.h"

#define LOG_FD         2
#define LOG_LINE_STACK 1024

static atomic_int log_quiet;
static pthread_mutex_t log_write_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_quiet(int quiet)
{
	atomic_store(&log_quiet, quiet != 0);
}

static void write_all(const char *buf, size_t len)
{
	pthread_mutex_lock(&log_write_lock);
	while (len > 0) {
		ssize_t n = write(LOG_FD, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* nowhere left to report a logging failure */
		buf += n;
		len -= (size_t)n;
	}
	pthread_mutex_unlock(&log_write_lock);
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
	char ts[21];
	time_iso8601(time_now(), ts);
	char prefix[64];
	int prefix_len =
	    snprintf(prefix, sizeof prefix, "ts=%s level=%s ", ts, level);

	va_list ap2;
	va_copy(ap2, ap);
	int msg_len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (prefix_len < 0 || msg_len < 0)
		return;

	size_t total = (size_t)prefix_len + (size_t)msg_len + 1; /* + '\n' */
	char stack[LOG_LINE_STACK];
	char *line = total + 1 <= sizeof stack ? stack : malloc(total + 1);
	if (line == NULL)
		abort();
	memcpy(line, prefix, (size_t)prefix_len);
	char *msg = line + prefix_len;
	vsnprintf(msg, (size_t)msg_len + 1, fmt, ap);
	for (int i = 0; i < msg_len; i++)
		if (msg[i] == '\n' || msg[i] == '\r')
			msg[i] = ' ';
	line[total - 1] = '\n';
	write_all(line, total);
	if (line != stack)
		free(line);
}

void log_info(const char *fmt, ...)
{
	if (atomic_load(&log_quiet))
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
