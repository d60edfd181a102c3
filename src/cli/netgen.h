/*
 * netgen.h — the demo's service network (docs/network.md, issue 5 item 8):
 * made-up but realistic facilities, service points and models in Kon Tum,
 * Thái Bình and Lai Châu (Tam Đường), residents taken from the demo's open
 * cases, kin carers and foster families with their placements, trainings
 * with participants, and communication activities in the communes of
 * Đắk Tô, Tam Đường and Thái Bình.
 *
 * Deterministic: the same seed and `now` give the same records, dated
 * relative to `now` (this year and last year, Asia/Ho_Chi_Minh), so the
 * demo looks current whenever it is made.  Everything is written through
 * store.h inside the caller's transaction, the way the API would have
 * written it (facility and case events, audit entries).  It needs the demo
 * users of cmd_demo.c and works with whatever open cases the demo units
 * hold (fewer residents and placements when there are few).
 */
#ifndef TROGIUP_CLI_NETGEN_H
#define TROGIUP_CLI_NETGEN_H

#include <stdint.h>

#include "store/store.h"

struct arena;

struct netgen_stats {
	long facilities, service_points, models; /* by kind */
	long residents, discharged;              /* stays; discharged of them */
	long carers, placements, reviews_overdue, placements_ended;
	long trainings, participants;
	long communications;
	int64_t centre_id;       /* Kon Tum's provincial centre … */
	const char *centre_name; /* … where coso.kontum works */
};

/* Writes the demo network with the given seed and "today" (now) in the
 * caller's transaction and sets coso.kontum's facility.  STORE_OK, or the
 * failing status with *what (static text) naming the step. */
enum store_status netgen_run(struct store *st, struct arena *a, uint64_t seed,
                             int64_t now, struct netgen_stats *out,
                             const char **what);

#endif
