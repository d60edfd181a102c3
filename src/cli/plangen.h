/*
 * plangen.h — the demo's plans (docs/indicators.md §Plans, issue 6): the
 * seed plans of Thái Bình (2017–2020), Kon Tum (787/KH-UBND, 2018–2020)
 * and Tam Đường district (1207/KH-UBND, 2017–2020), with the lead and
 * partner agencies of each project as the seed texts name them and every
 * target of ../shared/domain/targets.csv for those plans, with its quote
 * and baseline.  The plan of 2735/KH-UBND (no unit named) and Decision
 * 565's national figure are not plans of a unit, so they are left out.
 */
#ifndef TROGIUP_CLI_PLANGEN_H
#define TROGIUP_CLI_PLANGEN_H

struct arena;
struct store;

/* Adds the demo plans that the database does not hold yet (a plan of the
 * same unit and number is kept as it is), each with its targets in one
 * transaction, audited as the CLI.  shared_dir is the directory holding
 * domain/targets.csv; NULL looks in $TROGIUP_SHARED, ../shared and
 * shared.  Prints a one-line summary; 0, or 1 after printing why. */
int demo_plans(struct store *st, struct arena *a, const char *shared_dir);

#endif
