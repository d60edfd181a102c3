/*
 * test_report_workflow.c — the workflow and consolidation rules of
 * periodic reports (report.h, docs/reports.md §Workflow,
 * §Consolidation): every transition from every state, the lock, names,
 * comments, who may act by role and lineage (the unit itself submits, its
 * parent approves, returns and reopens; outside the scope is not found),
 * the order of the checks (404, 403, 422, 409), and sums of numerators
 * and denominators with missing and unknown children.  The periods,
 * deadlines and reminders are in test_report.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/report.h"

/* ---- workflow ----------------------------------------------------------- */

static void every_transition_from_every_state(void **state)
{
	(void)state;
	/* expect[from][t]: the state reached, or -1 for refused. */
	static const int expect[REPORT_STATE__MAX][REPORT_TRANSITION__MAX] = {
	    [REPORT_DRAFT] = {REPORT_SUBMITTED, -1, -1, -1},
	    [REPORT_SUBMITTED] = {-1, REPORT_APPROVED, REPORT_DRAFT, -1},
	    [REPORT_APPROVED] = {-1, -1, -1, REPORT_DRAFT},
	};
	for (int from = 0; from < REPORT_STATE__MAX; from++) {
		for (int t = 0; t < REPORT_TRANSITION__MAX; t++) {
			enum report_state to = (enum report_state)99;
			enum report_error e = report_transition_next(
			    (enum report_state)from, (enum report_transition)t,
			    &to);
			if (expect[from][t] < 0) {
				assert_int_equal(e,
				                 REPORT_ERR_INVALID_TRANSITION);
				assert_int_equal(to, 99);
			} else {
				assert_int_equal(e, REPORT_OK);
				assert_int_equal(to, expect[from][t]);
			}
		}
	}
	enum report_state to;
	assert_int_equal(
	    report_transition_next(REPORT_DRAFT, REPORT_TRANSITION__MAX, &to),
	    REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(
	    report_transition_next(REPORT_STATE__MAX, REPORT_SUBMIT, &to),
	    REPORT_ERR_INVALID_TRANSITION);
	/* Only a draft is editable: submitted and approved are locked. */
	assert_true(report_state_editable(REPORT_DRAFT));
	assert_false(report_state_editable(REPORT_SUBMITTED));
	assert_false(report_state_editable(REPORT_APPROVED));
	assert_false(report_transition_needs_comment(REPORT_SUBMIT));
	assert_false(report_transition_needs_comment(REPORT_APPROVE));
	assert_true(report_transition_needs_comment(REPORT_RETURN));
	assert_true(report_transition_needs_comment(REPORT_REOPEN));
}

static void names_of_states_and_transitions(void **state)
{
	(void)state;
	const char *states[] = {"draft", "submitted", "approved"};
	for (int i = 0; i < REPORT_STATE__MAX; i++) {
		enum report_state s;
		assert_string_equal(report_state_name((enum report_state)i),
		                    states[i]);
		assert_int_equal(report_state_parse(states[i], &s), 0);
		assert_int_equal(s, i);
	}
	const char *moves[] = {"submit", "approve", "return", "reopen"};
	for (int i = 0; i < REPORT_TRANSITION__MAX; i++) {
		enum report_transition t;
		assert_string_equal(
		    report_transition_name((enum report_transition)i),
		    moves[i]);
		assert_int_equal(report_transition_parse(moves[i], &t), 0);
		assert_int_equal(t, i);
	}
	enum report_state s;
	enum report_transition t;
	/* "returned" is an event, not a state. */
	assert_int_equal(report_state_parse("returned", &s), -1);
	assert_int_equal(report_transition_parse("reject", &t), -1);
	assert_null(report_state_name(REPORT_STATE__MAX));
	assert_string_equal(report_error_code(REPORT_ERR_INVALID_TRANSITION),
	                    "invalid_transition");
	assert_string_equal(report_error_code(REPORT_ERR_FORBIDDEN),
	                    "forbidden");
	assert_string_equal(report_error_code(REPORT_ERR_NOT_FOUND),
	                    "not_found");
	assert_string_equal(report_error_code(REPORT_ERR_COMMENT),
	                    "invalid_field");
	assert_string_equal(report_error_field(REPORT_ERR_COMMENT), "comment");
	assert_string_equal(report_error_field(REPORT_ERR_PERIOD), "period");
	assert_string_equal(report_error_field(REPORT_ERR_TEMPLATE),
	                    "template");
	assert_null(report_error_code(REPORT_OK));
	assert_null(report_error_field(REPORT_ERR_FORBIDDEN));
}

static void comments(void **state)
{
	(void)state;
	assert_false(report_comment_valid(NULL));
	assert_false(report_comment_valid(""));
	assert_false(report_comment_valid(" \t\r\n "));
	assert_true(report_comment_valid("Thiếu số liệu xã Đắk Trăm"));
	/* 2000 characters of three bytes each pass; 2001 do not. */
	static char text[3 * (REPORT_COMMENT_MAX + 1) + 1];
	for (int i = 0; i < REPORT_COMMENT_MAX; i++)
		memcpy(text + 3 * i, "ệ", 3);
	text[3 * REPORT_COMMENT_MAX] = '\0';
	assert_true(report_comment_valid(text));
	memcpy(text + 3 * REPORT_COMMENT_MAX, "ệ", 4);
	assert_false(report_comment_valid(text));
}

/* Kon Tum › Đắk Tô › two communes; another district; tree 2024. */
#define PROVINCE  "62"
#define DISTRICT  "62/608"
#define COMMUNE   "62/608/23425"
#define COMMUNE_B "62/608/23428"
#define OTHER_D   "62/610"

static const struct principal commune_u = {1, ROLE_COMMUNE, "2024", COMMUNE, 0};
static const struct principal commune_b = {2, ROLE_COMMUNE, "2024", COMMUNE_B,
                                           0};
static const struct principal district_u = {3, ROLE_DISTRICT, "2024", DISTRICT,
                                            0};
static const struct principal other_district = {4, ROLE_DISTRICT, "2024",
                                                OTHER_D, 0};
static const struct principal province_u = {5, ROLE_PROVINCE, "2024", PROVINCE,
                                            0};
static const struct principal facility_u = {6, ROLE_FACILITY, "2024", COMMUNE,
                                            9};
static const struct principal viewer_u = {7, ROLE_VIEWER, NULL, NULL, 0};
static const struct principal admin_u = {8, ROLE_ADMIN, NULL, NULL, 0};
static const struct principal district_2025 = {9, ROLE_DISTRICT, "2025",
                                               DISTRICT, 0};

#define APPROVER_MOVES 3 /* approve, return, reopen: the same rule */

/* Who may act on the report of `path` (tree 2024).  For the approver's
 * moves, the row holds for each of approve, return and reopen. */
static const struct {
	const struct principal *p;
	bool submit; /* the row is about submit, else the approver's moves */
	const char *path;
	enum report_error want;
} who[] = {
    {&commune_u, true, COMMUNE, REPORT_OK},
    {&district_u, true, DISTRICT, REPORT_OK},
    {&province_u, true, PROVINCE, REPORT_OK},
    /* The units above see the report but it is not theirs to submit. */
    {&district_u, true, COMMUNE, REPORT_ERR_FORBIDDEN},
    {&province_u, true, COMMUNE, REPORT_ERR_FORBIDDEN},
    /* A facility user of the commune does not write reports. */
    {&facility_u, true, COMMUNE, REPORT_ERR_FORBIDDEN},
    {&viewer_u, true, COMMUNE, REPORT_ERR_FORBIDDEN},
    /* Outside the scope: a sibling, another district, another tree. */
    {&commune_b, true, COMMUNE, REPORT_ERR_NOT_FOUND},
    {&other_district, true, COMMUNE, REPORT_ERR_NOT_FOUND},
    {&commune_u, true, DISTRICT, REPORT_ERR_NOT_FOUND},
    {&district_2025, true, DISTRICT, REPORT_ERR_NOT_FOUND},
    {&commune_u, true, NULL, REPORT_ERR_NOT_FOUND},
    {&commune_u, true, "", REPORT_ERR_NOT_FOUND},
    /* The parent in the lineage approves, returns, reopens; only it. */
    {&district_u, false, COMMUNE, REPORT_OK},
    {&province_u, false, DISTRICT, REPORT_OK},
    {&province_u, false, COMMUNE, REPORT_ERR_FORBIDDEN},
    {&commune_u, false, COMMUNE, REPORT_ERR_FORBIDDEN},
    {&district_u, false, DISTRICT, REPORT_ERR_FORBIDDEN},
    {&facility_u, false, COMMUNE, REPORT_ERR_FORBIDDEN},
    {&other_district, false, COMMUNE, REPORT_ERR_NOT_FOUND},
    {&commune_b, false, COMMUNE, REPORT_ERR_NOT_FOUND},
    {&district_2025, false, COMMUNE, REPORT_ERR_NOT_FOUND},
    /* A province's report goes to the ministry: no national role
     * writes reports yet. */
    {&province_u, false, PROVINCE, REPORT_ERR_FORBIDDEN},
    {&admin_u, false, PROVINCE, REPORT_ERR_FORBIDDEN},
    {&viewer_u, false, PROVINCE, REPORT_ERR_FORBIDDEN},
};

static void who_may_act(void **state)
{
	(void)state;
	static const enum report_transition above[APPROVER_MOVES] = {
	    REPORT_APPROVE, REPORT_RETURN, REPORT_REOPEN};
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		for (int k = 0; k < (who[i].submit ? 1 : APPROVER_MOVES); k++) {
			enum report_transition t =
			    who[i].submit ? REPORT_SUBMIT : above[k];
			enum report_error got =
			    report_may_act(who[i].p, t, "2024", who[i].path);
			if (got != who[i].want)
				fail_msg("row %zu, %s: got %d, want %d", i,
				         report_transition_name(t), got,
				         who[i].want);
		}
	}
	assert_int_equal(report_may_act(&district_u, REPORT_TRANSITION__MAX,
	                                "2024", COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
}

static void the_checks_in_order(void **state)
{
	(void)state;
	enum report_state to = REPORT_STATE__MAX;
	/* Scope first: 404 even for a move that would be refused later. */
	assert_int_equal(report_check_transition(&commune_b, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         NULL, &to),
	                 REPORT_ERR_NOT_FOUND);
	/* Then who: the commune may not return its own report. */
	assert_int_equal(report_check_transition(&commune_u, REPORT_RETURN,
	                                         REPORT_SUBMITTED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_FORBIDDEN);
	/* Then the comment. */
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         "  ", &to),
	                 REPORT_ERR_COMMENT);
	assert_int_equal(report_check_transition(&district_u, REPORT_REOPEN,
	                                         REPORT_APPROVED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_COMMENT);
	/* Then the state. */
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         "Bổ sung số liệu", &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(report_check_transition(&district_u, REPORT_APPROVE,
	                                         REPORT_APPROVED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT,
	                                         REPORT_SUBMITTED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(to, REPORT_STATE__MAX);
	/* The story of the browser test: submit, return, submit, approve,
	 * reopen. */
	enum report_state s = REPORT_DRAFT;
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_SUBMITTED);
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN, s,
	                                         "2024", COMMUNE,
	                                         "Thiếu phần khó khăn", &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_DRAFT);
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(report_check_transition(&district_u, REPORT_APPROVE, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_APPROVED);
	assert_int_equal(
	    report_check_transition(&district_u, REPORT_REOPEN, s, "2024",
	                            COMMUNE, "Sai số trẻ em được hỗ trợ", &s),
	    REPORT_OK);
	assert_int_equal(s, REPORT_DRAFT);
}

/* ---- consolidation ------------------------------------------------------ */

static void sums_numerators_and_denominators(void **state)
{
	(void)state;
	const struct report_child_value c[] = {
	    {true, true, true, 1, 10},     /* 10 % */
	    {true, true, true, 30, 40},    /* 75 % */
	    {false, true, true, 100, 100}, /* not approved: missing */
	    {true, true, false, 5, 0},     /* no denominator: unknown */
	};
	struct report_sum sum;
	report_consolidate(c, 4, true, &sum);
	assert_true(sum.has_num && sum.has_den);
	assert_int_equal(sum.num, 31);
	assert_int_equal(sum.den, 50);
	assert_int_equal(sum.summed, 2);
	assert_int_equal(sum.missing, 1);
	assert_int_equal(sum.unknown, 1);
	assert_false(sum.overflow);
	/* 62 %, not the 42.5 % an average of percentages would give. */
	double v = 0;
	assert_true(indicator_value(IND_PERCENT, sum.has_num, sum.num,
	                            sum.has_den, sum.den, &v));
	assert_true(v > 61.95 && v < 62.05);

	/* A count: denominators play no part, the fourth child counts. */
	report_consolidate(c, 4, false, &sum);
	assert_true(sum.has_num);
	assert_false(sum.has_den);
	assert_int_equal(sum.num, 36);
	assert_int_equal(sum.den, 0);
	assert_int_equal(sum.summed, 3);
	assert_int_equal(sum.unknown, 0);
	assert_int_equal(sum.missing, 1);
}

static void consolidation_without_values(void **state)
{
	(void)state;
	struct report_sum sum;
	report_consolidate(NULL, 0, true, &sum);
	assert_false(sum.has_num);
	assert_false(sum.has_den);
	assert_int_equal(sum.summed + sum.missing + sum.unknown, 0);
	const struct report_child_value none[] = {
	    {false, true, true, 3, 4},
	    {true, false, true, 0, 4},
	};
	report_consolidate(none, 2, true, &sum);
	assert_false(sum.has_num);
	assert_int_equal(sum.missing, 1);
	assert_int_equal(sum.unknown, 1);
	const struct report_child_value huge[] = {
	    {true, true, true, INT64_MAX, 1},
	    {true, true, true, 1, 1},
	};
	report_consolidate(huge, 2, true, &sum);
	assert_true(sum.overflow);
	assert_false(sum.has_num);
	assert_false(sum.has_den);
}

static void lists_missing_children(void **state)
{
	(void)state;
	const bool approved[] = {true, false, true, false, false};
	size_t out[5] = {0};
	assert_int_equal(report_missing_children(approved, 5, out), 3);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 4);
	const bool all[] = {true, true};
	assert_int_equal(report_missing_children(all, 2, out), 0);
	assert_int_equal(report_missing_children(NULL, 0, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_transition_from_every_state),
	    cmocka_unit_test(names_of_states_and_transitions),
	    cmocka_unit_test(comments),
	    cmocka_unit_test(who_may_act),
	    cmocka_unit_test(the_checks_in_order),
	    cmocka_unit_test(sums_numerators_and_denominators),
	    cmocka_unit_test(consolidation_without_values),
	    cmocka_unit_test(lists_missing_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
