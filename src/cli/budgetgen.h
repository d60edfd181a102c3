/*
 * budgetgen.h — the demo budget (docs/budget.md §Demo, issue 7): the
 * estimate of Kon Tum's plan 787/KH-UBND for 2018–2020, its four projects
 * with their activities and a few norm lines, whose project and source
 * totals are the plan's own (§III, §IV: 107.980 million VND), and the
 * allocations and spending of 2018–2019 on a dozen of its lines, one of
 * them overspent.  tests/api/demo_budget.test.mjs relies on those totals.
 */
#ifndef TROGIUP_CLI_BUDGETGEN_H
#define TROGIUP_CLI_BUDGETGEN_H

struct arena;
struct store;

/* Loads the budget of Kon Tum's 787/KH-UBND (made by demo_plans) when the
 * plan has none yet, with its execution records, in one transaction,
 * audited as the CLI.  The table is checked first (budget_check, the
 * plan's totals): any problem fails the demo.  Prints a one-line summary;
 * 0, or 1 after printing why. */
int demo_budget(struct store *st, struct arena *a);

#endif
