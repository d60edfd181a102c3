/*
 * bulk_hist.c — the history of one case of trogiup-gen (bulk.c writes it
 * into case_events): the events the API would have appended over the
 * case's life, in the shapes of casegen.c (created, one transition per
 * stage with the new stage's deadline, the assessment, the plan with its
 * services, and one or two services delivered), without consents,
 * approvals or visits (casegen's rich mode, the demo's).
 *
 * The stages are passed at even steps between opening and the current
 * stage's start, the plan approved when the case entered intervention
 * (bulk_case.c sets plan_approved_at to that instant).  Restricted cases
 * get no narrative text, as casegen without a seal key.  JSON is written
 * with snprintf into fixed buffers: every string is a code or a fixed
 * text without quotes, so nothing needs escaping.
 */
#include <stdio.h>
#include <string.h>

#include "bulk.h"
#include "domain/deadline.h"
#include "lib/timeutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY  86400LL

/* The services a plan of each type holds (codes of the service list). */
static const char *const services[CASE_TYPE__MAX][4] = {
    [CASE_SOCIAL_ASSISTANCE] = {"cash_allowance", "health_care", "counselling",
                                "vocational_training"},
    [CASE_CHILD_PROTECTION] = {"psychological_support", "education",
                               "family_tracing", "alternative_care"},
    [CASE_GBV] = {"shelter", "legal_aid", "counselling", "emergency_care"},
    [CASE_DRUG_REHAB] = {"opioid_substitution", "vocational_training",
                         "counselling", "job_linkage"},
    [CASE_SEX_WORK_SUPPORT] = {"harm_reduction", "health_care",
                               "vocational_training", "job_linkage"},
    [CASE_TRAFFICKING_VICTIM] = {"essential_needs", "reintegration_support",
                                 "legal_aid", "psychological_support"},
};
static const char *const assessments[] = {
    "Đã gặp đối tượng và gia đình, xác minh hoàn cảnh tại nhà.",
    "Đánh giá nhu cầu cùng cán bộ xã và người thân.",
    "Đối tượng hợp tác, cần hỗ trợ trong ba tháng tới.",
};
static const char *const plans[] = {
    "Kế hoạch hỗ trợ theo nhu cầu đã đánh giá.",
    "Phối hợp các ban ngành xã thực hiện hỗ trợ.",
};
static const char *const responsibles[] = {"Cán bộ LĐ-TB&XH xã",
                                           "Hội Liên hiệp Phụ nữ xã",
                                           "Trạm Y tế xã", "Công an xã"};
static const char *const providers[] = {"Ủy ban nhân dân xã", "Trạm Y tế xã",
                                        "Trung tâm Công tác xã hội tỉnh",
                                        "Hội Liên hiệp Phụ nữ xã"};

static struct bulk_event *add(struct bulk_history *h, int64_t at,
                              const char *kind)
{
	struct bulk_event *e = &h->ev[h->n++];
	e->at = at;
	e->kind = kind;
	return e;
}

static void day_text(int64_t t, char out[11])
{
	hcm_day_format(hcm_day_of(t), out);
}

int bulk_history_make(struct bulk_gen *g, const struct bulk_rules *r,
                      const struct casegen_unit *u, const struct bulk_case *c,
                      struct bulk_history *h)
{
	const char *type = case_type_name(c->type);
	bool early = c->stage == STAGE_CLOSED && c->closure == 0;
	int last = early ? 1 : (int)c->stage; /* transitions made */
	bool text = !c->restricted;
	char day[11], due[24];
	h->n = 0;

	struct bulk_event *e = add(h, c->opened, "created");
	snprintf(e->data, sizeof e->data,
	         "{\"type\":\"%s\",\"unit_code\":\"%s\",\"unit_tree\":\"%s\","
	         "\"urgency\":\"%s\",\"hotline_call_id\":null}",
	         type, u->code, u->tree, c->urgency);
	for (int k = 1; k <= last; k++) {
		enum case_stage from = early ? STAGE_INTAKE
		                             : (enum case_stage)(k - 1),
		                to = early ? STAGE_CLOSED : (enum case_stage)k;
		int64_t at = c->opened + (c->since - c->opened) * k / last;
		if (to == STAGE_PLANNING) {
			e = add(h, at, "assessment");
			int n = snprintf(e->data, sizeof e->data,
			                 "{\"risk_level\":\"%s\"", c->risk);
			if (c->type == CASE_CHILD_PROTECTION)
				n += snprintf(e->data + n,
				              sizeof e->data - (size_t)n,
				              ",\"protection_level\":\"%s\"",
				              strcmp(c->risk, "high") == 0
				                  ? "intervention_level"
				              : strcmp(c->risk, "medium") == 0
				                  ? "support"
				                  : "prevention");
			if (text)
				n += snprintf(
				    e->data + n, sizeof e->data - (size_t)n,
				    ",\"text\":\"%s\"",
				    assessments[bulk_below(g, N(assessments))]);
			snprintf(e->data + n, sizeof e->data - (size_t)n, "}");
		}
		if (to == STAGE_INTERVENTION) {
			/* the plan, approved as intervention starts */
			e = add(h, at, "plan");
			size_t s = bulk_below(g, 4);
			day_text(at + (int64_t)(7 + bulk_below(g, 54)) * DAY,
			         day);
			snprintf(
			    e->data, sizeof e->data,
			    "{%s%s%s\"items\":[{\"service\":\"%s\","
			    "\"due_date\":\"%s\",\"responsible\":\"%s\"}]}",
			    text ? "\"summary\":\"" : "",
			    text ? plans[bulk_below(g, N(plans))] : "",
			    text ? "\"," : "", services[c->type][s], day,
			    responsibles[bulk_below(g, N(responsibles))]);
		}
		e = add(h, at, "transition");
		const struct deadline_rule *rule = NULL;
		if (to != STAGE_CLOSED) {
			day_text(at, day);
			rule =
			    deadline_pick(r->rules, r->n, type,
			                  case_stage_name(to), c->urgency, day);
		}
		if (rule != NULL) {
			due[0] = '"';
			time_iso8601(deadline_due(at, rule, r->holidays),
			             due + 1);
			strcat(due, "\"");
		} else {
			strcpy(due, "null");
		}
		int n =
		    snprintf(e->data, sizeof e->data,
		             "{\"from\":\"%s\",\"to\":\"%s\",\"due_at\":%s",
		             case_stage_name(from), case_stage_name(to), due);
		if (to == STAGE_CLOSED)
			n += snprintf(e->data + n, sizeof e->data - (size_t)n,
			              ",\"closure_reason\":\"%s\"",
			              c->closure_reason);
		snprintf(e->data + n, sizeof e->data - (size_t)n, "}");
		if (to == STAGE_INTERVENTION) {
			/* services delivered while the plan runs */
			int64_t end = c->stage == STAGE_INTERVENTION
			                  ? r->now
			                  : c->opened + (c->since - c->opened) *
			                                    (k + 1) / last;
			int ns = 1 + (int)bulk_below(g, 2);
			for (int i = 0; i < ns && end > at; i++) {
				int64_t when =
				    at + (int64_t)bulk_below(
				             g, (uint64_t)(end - at));
				e = add(h, when, "service");
				day_text(when, day);
				snprintf(
				    e->data, sizeof e->data,
				    "{\"service\":\"%s\",\"date\":\"%s\","
				    "\"provider\":\"%s\"}",
				    services[c->type][bulk_below(g, 4)], day,
				    providers[bulk_below(g, N(providers))]);
			}
		}
	}
	return 0;
}
