/*
 * sqlite_reports.c — placeholder so the tree links while the store of
 * reports is written (issue 8); replaced by the store helper.
 */
#include "store/sqlite_int.h"
#include "store/store_reports.h"

enum store_status store_report_create(struct store *st, struct report_row *r)
{
	(void)st;
	(void)r;
	return STORE_ERROR;
}

enum store_status store_report_get(struct store *st, struct arena *a,
                                   int64_t id, struct report_row *out)
{
	(void)st;
	(void)a;
	(void)id;
	(void)out;
	return STORE_ERROR;
}

enum store_status store_report_find(struct store *st, struct arena *a,
                                    const char *template, const char *tree,
                                    const char *unit_code, const char *period,
                                    const char *agency, struct report_row *out)
{
	(void)st;
	(void)a;
	(void)template;
	(void)tree;
	(void)unit_code;
	(void)period;
	(void)agency;
	(void)out;
	return STORE_ERROR;
}

enum store_status store_reports_list(struct store *st, struct arena *a,
                                     const struct report_filter *f,
                                     struct report_row **out, size_t *n,
                                     size_t *total)
{
	(void)st;
	(void)a;
	(void)f;
	(void)out;
	(void)n;
	(void)total;
	return STORE_ERROR;
}

enum store_status store_report_update(struct store *st, struct report_row *r,
                                      int64_t expected_version)
{
	(void)st;
	(void)r;
	(void)expected_version;
	return STORE_ERROR;
}

enum store_status store_report_move(struct store *st, struct arena *a,
                                    int64_t id, struct report_event *e,
                                    const char *data, int64_t data_at,
                                    const char *consolidation,
                                    struct report_row *r)
{
	(void)st;
	(void)a;
	(void)id;
	(void)e;
	(void)data;
	(void)data_at;
	(void)consolidation;
	(void)r;
	return STORE_ERROR;
}

enum store_status store_report_event_add(struct store *st,
                                         struct report_event *e)
{
	(void)st;
	(void)e;
	return STORE_ERROR;
}

enum store_status store_report_events(struct store *st, struct arena *a,
                                      int64_t report_id,
                                      struct report_event **out, size_t *n)
{
	(void)st;
	(void)a;
	(void)report_id;
	(void)out;
	(void)n;
	return STORE_ERROR;
}

enum store_status
store_report_children(struct store *st, struct arena *a, const char *tree,
                      const char *parent_code, const char *template,
                      const char *period, struct report_child **out, size_t *n)
{
	(void)st;
	(void)a;
	(void)tree;
	(void)parent_code;
	(void)template;
	(void)period;
	(void)out;
	(void)n;
	return STORE_ERROR;
}

enum store_status store_report_plan_for(struct store *st, const char *tree,
                                        const char *unit_code, int year,
                                        int64_t *plan_id)
{
	(void)st;
	(void)tree;
	(void)unit_code;
	(void)year;
	(void)plan_id;
	return STORE_ERROR;
}

enum store_status store_report_settings_get(struct store *st, int64_t plan_id,
                                            struct report_settings *out,
                                            bool *stored)
{
	(void)st;
	(void)plan_id;
	(void)out;
	(void)stored;
	return STORE_ERROR;
}

enum store_status store_report_settings_put(struct store *st, int64_t plan_id,
                                            const struct report_settings *s,
                                            int64_t user_id, int64_t now)
{
	(void)st;
	(void)plan_id;
	(void)s;
	(void)user_id;
	(void)now;
	return STORE_ERROR;
}

enum store_status store_report_activities(struct store *st, const char *tree,
                                          const char *path, const char *from,
                                          const char *to,
                                          struct report_activity_counts *out)
{
	(void)st;
	(void)tree;
	(void)path;
	(void)from;
	(void)to;
	(void)out;
	return STORE_ERROR;
}
