/*
 * metrics.c — see metrics.h.
 *
 * Statuses are bucketed into a short fixed list (the ones the API uses)
 * plus "other", so the table never grows at run time.  Latency buckets
 * follow Prometheus conventions (cumulative, seconds, le="+Inf").
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                               412, 413, 415, 422, 428, 429, 500, 503, 0};
#define N_STATUS (sizeof statuses / sizeof statuses[0]) /* last: other */

static const double buckets_s[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define N_BUCKET (sizeof buckets_s / sizeof buckets_s[0])

struct route_stats {
	atomic_ulong count[N_STATUS];
	atomic_ulong
	    bucket[N_BUCKET]; /* not cumulative; summed when rendered */
	atomic_ulong total;
	atomic_ullong sum_us;
};

struct metrics {
	int api_routes;
	int n;
	struct route_stats *routes;
};

struct metrics *metrics_new(int api_routes)
{
	struct metrics *m = calloc(1, sizeof *m);
	if (m == NULL)
		abort();
	m->api_routes = api_routes;
	m->n = api_routes + METRICS_ROUTE__EXTRA;
	m->routes = calloc((size_t)m->n, sizeof *m->routes);
	if (m->routes == NULL)
		abort();
	return m;
}

void metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->routes);
	free(m);
}

int metrics_extra(const struct metrics *m, enum metrics_extra_route r)
{
	return m->api_routes + (int)r;
}

void metrics_record(struct metrics *m, int route, int status, double ms)
{
	if (route < 0 || route >= m->n)
		route = metrics_extra(m, METRICS_ROUTE_UNKNOWN);
	struct route_stats *r = &m->routes[route];
	size_t s = 0;
	while (statuses[s] != 0 && statuses[s] != status)
		s++;
	atomic_fetch_add_explicit(&r->count[s], 1, memory_order_relaxed);
	double secs = ms / 1000.0;
	for (size_t b = 0; b < N_BUCKET; b++) {
		if (secs <= buckets_s[b]) {
			atomic_fetch_add_explicit(&r->bucket[b], 1,
			                          memory_order_relaxed);
			break;
		}
	}
	atomic_fetch_add_explicit(&r->total, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)(ms * 1000.0),
	                          memory_order_relaxed);
}

static const char *route_label(const struct metrics *m, int i, char *buf,
                               size_t cap)
{
	static const char *extra[] = {"static", "/metrics", "unmatched"};
	if (i >= m->api_routes)
		return extra[i - m->api_routes];
	snprintf(buf, cap, "%s %s", api_routes[i].method,
	         api_routes[i].pattern);
	return buf;
}

char *metrics_render(struct metrics *m, int pool_size, int pool_in_use,
                     size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	if (f == NULL)
		abort();
	fputs("# HELP trogiup_http_requests_total Requests answered, by route "
	      "and status.\n# TYPE trogiup_http_requests_total counter\n",
	      f);
	char label[160];
	for (int i = 0; i < m->n; i++) {
		const char *name = route_label(m, i, label, sizeof label);
		for (size_t s = 0; s < N_STATUS; s++) {
			unsigned long c = atomic_load(&m->routes[i].count[s]);
			if (c == 0)
				continue;
			if (statuses[s])
				fprintf(
				    f,
				    "trogiup_http_requests_total{route=\"%s\","
				    "status=\"%d\"} %lu\n",
				    name, statuses[s], c);
			else
				fprintf(
				    f,
				    "trogiup_http_requests_total{route=\"%s\","
				    "status=\"other\"} %lu\n",
				    name, c);
		}
	}
	fputs("# HELP trogiup_http_request_duration_seconds Time to answer, "
	      "by route.\n# TYPE trogiup_http_request_duration_seconds "
	      "histogram\n",
	      f);
	for (int i = 0; i < m->n; i++) {
		struct route_stats *r = &m->routes[i];
		unsigned long total = atomic_load(&r->total);
		if (total == 0)
			continue;
		const char *name = route_label(m, i, label, sizeof label);
		unsigned long cum = 0;
		for (size_t b = 0; b < N_BUCKET; b++) {
			cum += atomic_load(&r->bucket[b]);
			fprintf(f,
			        "trogiup_http_request_duration_seconds_bucket{"
			        "route=\"%s\",le=\"%g\"} %lu\n",
			        name, buckets_s[b], cum);
		}
		fprintf(f,
		        "trogiup_http_request_duration_seconds_bucket{route="
		        "\"%s\",le=\"+Inf\"} %lu\n",
		        name, total);
		fprintf(
		    f,
		    "trogiup_http_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\n",
		    name, atomic_load(&r->sum_us) / 1e6);
		fprintf(f,
		        "trogiup_http_request_duration_seconds_count{route="
		        "\"%s\"} %lu\n",
		        name, total);
	}
	fprintf(f,
	        "# HELP trogiup_db_pool_size Database connections in the "
	        "pool.\n# TYPE trogiup_db_pool_size gauge\n"
	        "trogiup_db_pool_size %d\n",
	        pool_size);
	fprintf(f,
	        "# HELP trogiup_db_pool_in_use Database connections in use."
	        "\n# TYPE trogiup_db_pool_in_use gauge\n"
	        "trogiup_db_pool_in_use %d\n",
	        pool_in_use);
	fclose(f);
	return out;
}
