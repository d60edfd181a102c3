/*
 * casegen.h — realistic, deterministic people and cases for `trogiup demo`
 * and the benchmark generator (bench/gen, `trogiup-gen`).
 *
 * One generator is one seeded pseudo-random stream (xoshiro256**): the same
 * seed, `now` and sequence of calls give the same people, cases and events,
 * byte for byte.  A case is made the way the API would have made it over
 * its life: a person (Vietnamese names by region and ethnic group, sex and
 * birth date fitting the case type, national id for some adults), the
 * type's facts (domain/casework.h, checked with casework_facts_consistent),
 * a history walked stage by stage from intake to the case's current stage
 * with the events of each step, and the current deadline computed from the
 * store's deadline rules and holidays (domain/deadline.h) like the API
 * does, so some cases are overdue.  Everything is written through store.h
 * inside the caller's transaction.
 *
 * Restricted cases (gbv, trafficking_victim, and child-protection cases of
 * sexual abuse, flagged) get sealed narratives when a seal key is given,
 * and no narrative text at all (summary NULL, events without text fields)
 * when it is not.
 */
#ifndef TROGIUP_CLI_CASEGEN_H
#define TROGIUP_CLI_CASEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/casework.h"
#include "store/store.h"

struct arena;
struct casegen;

/* A user who appears in generated cases. */
struct casegen_user {
	int64_t id;
	const char *username;
};

/* Where a case is owned and who works on it. */
struct casegen_unit {
	const char *tree, *code, *path;     /* as in units */
	const char *name;                   /* for texts ("xã …"), or NULL */
	const char *province_name;          /* for texts, or NULL */
	struct casegen_user creator;        /* opened the case (required) */
	const struct casegen_user *workers; /* assigned_to is one of them … */
	size_t n_workers;
	int assign_percent;                  /* … in this share of cases */
	const struct casegen_user *approver; /* decides plans and closures
	                                        (rich mode), or NULL */
};

struct casegen_options {
	uint64_t seed;
	int64_t now; /* "today" of the generated world */
	/* Seals narratives of restricted cases; NULL leaves them out. */
	const unsigned char *seal_key;
	/* Also consents, approval rows (needs unit approvers), follow-up
	 * visits and pending plan approvals: the demo.  Without it a case has
	 * its transitions, an assessment, a plan and services. */
	bool rich;
};

/* Per-run counts. */
struct casegen_stats {
	long cases, events, approvals, overdue, restricted;
	long by_type[CASE_TYPE__MAX];
	long by_stage[STAGE__MAX];
};

/* Reads the deadline rules and holidays from st (which the generator then
 * writes to); NULL after logging when the store cannot be read. */
struct casegen *casegen_new(struct store *st, const struct casegen_options *o);
void casegen_free(struct casegen *g);

/* A uniform integer in [0, n) (n >= 1) from the generator's stream, for
 * callers' own choices (which unit next) so they stay deterministic too. */
uint32_t casegen_below(struct casegen *g, uint32_t n);

/* Writes one person, their case in unit u and its events.  type and stage
 * are the generator's choice when negative.  Runs in the caller's
 * transaction when one is open.  Strings live in a; *out (may be NULL) is
 * the stored case. */
enum store_status casegen_case(struct casegen *g, struct arena *a,
                               const struct casegen_unit *u, int type,
                               int stage, struct case_row *out);

/* One case of a story the caller tells (the demo's past years, histgen.c):
 * type and stage as for casegen_case; key (or NULL) the key fact —
 * sa_category, child_status, gbv_role, rehab_form or tip_person_status;
 * early 1/0 closes a closed case early (no plan, no services) or not, -1
 * leaves it to the generator; opened_near (or 0) moves the whole history,
 * its present included, by whole weeks so the case opens in that week;
 * facts ("name=value", codes ','-joined; "name=" removes one) replace the
 * generator's choice before the consistency check. */
struct casegen_spec {
	int type, stage;
	const char *key;
	int early;
	int64_t opened_near;
	const char *const *facts;
	size_t n_facts;
};
enum store_status casegen_case_spec(struct casegen *g, struct arena *a,
                                    const struct casegen_unit *u,
                                    const struct casegen_spec *spec,
                                    struct case_row *out);

const struct casegen_stats *casegen_stats(const struct casegen *g);

/* A unit as texts name it, from its type and name: "xã Ngọc Tụ",
 * "thị trấn Đắk Tô", "tỉnh Kon Tum", "thành phố Hà Nội"; in a. */
const char *casegen_unit_label(struct arena *a, const char *type,
                               const char *name);

#endif
