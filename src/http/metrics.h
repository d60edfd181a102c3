/*
 * metrics.h — request counters and latency histograms per route and
 * status, rendered as Prometheus text for GET /metrics.
 *
 * Counters are C11 atomics in fixed arrays indexed by route (the API route
 * table plus a few fixed ones), so recording a request takes no lock.
 */
#ifndef TROGIUP_HTTP_METRICS_H
#define TROGIUP_HTTP_METRICS_H

#include <stddef.h>

struct metrics;

/* Routes beyond the API table: the index after the last API route. */
enum metrics_extra_route {
	METRICS_ROUTE_STATIC,  /* the UI's files */
	METRICS_ROUTE_METRICS, /* /metrics itself */
	METRICS_ROUTE_UNKNOWN, /* no API route matched */
	METRICS_ROUTE__EXTRA
};

struct metrics *metrics_new(int api_routes);
void metrics_free(struct metrics *m);

/* Index of an extra route. */
int metrics_extra(const struct metrics *m, enum metrics_extra_route r);

void metrics_record(struct metrics *m, int route, int status, double ms);

/* Prometheus text into a malloc'd buffer the caller frees. */
char *metrics_render(struct metrics *m, int pool_size, int pool_in_use,
                     size_t *len);

#endif
