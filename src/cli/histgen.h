/*
 * histgen.h — the demo's past years (issue 6): records of 2018–2020 in the
 * units of the seed plans, so the dashboard of Kon Tum 2020 (and of Thái
 * Bình and Tam Đường 2018–2020) shows real values against the demo plans'
 * targets (../shared/domain/targets.csv), with a mix of statuses and
 * districts that lag.
 *
 * What it writes, all through store.h in the caller's transaction and
 * dated in those years:
 *   - cases opened 2018–2020 in the communes of the plans' units, of the
 *     types and facts the case indicators count (histgen.c; each case
 *     made by casegen_case_spec, its history moved into its year), most
 *     closed, a few still open; some Kon Tum people admitted to the
 *     provincial centre and discharged later, their cases closed then;
 *   - facilities, service points and models started in those years,
 *     trainings with participants of the counted roles and communication
 *     activities (histgen_net.c);
 *   - aggregate values for the parts no record gives: headcounts,
 *     populations, communes with a child protection system … (histgen_agg.c).
 * Every count is fixed by tables and a seeded stream, so the same seed
 * gives the same numbers whatever the day (the dates are the past's); the
 * tables say which district does well and which lags.  The API test
 * tests/api/demo_indicators.test.mjs relies on those counts.
 *
 * It needs the demo users and network of cmd_demo.c (Kon Tum's provincial
 * centre takes the residents; without it there are none).
 */
#ifndef TROGIUP_CLI_HISTGEN_H
#define TROGIUP_CLI_HISTGEN_H

#include <stdint.h>

#include "store/store.h"

struct arena;

struct histgen_stats {
	long cases, open, restricted; /* cases; still open; restricted */
	long residents;               /* stays (all discharged by now) */
	long facilities, trainings, participants, communications;
	long aggregates;
};

/* Writes the past years with the given seed in the caller's transaction;
 * seal_key (or NULL) seals restricted narratives as the demo's cases do.
 * STORE_OK, or the failing status with *what (static text) naming the
 * step. */
enum store_status histgen_run(struct store *st, struct arena *a, uint64_t seed,
                              const unsigned char *seal_key,
                              struct histgen_stats *out, const char **what);

#endif
