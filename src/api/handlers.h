/*
 * handlers.h — the handlers of routes.c, grouped by the file that holds
 * them (one resource, one file).
 */
#ifndef TROGIUP_API_HANDLERS_H
#define TROGIUP_API_HANDLERS_H

struct api_ctx;

/* health.c */
void health_get(struct api_ctx *c);
void openapi_get(struct api_ctx *c);

/* auth.c — sessions */
void auth_login(struct api_ctx *c);
void auth_logout(struct api_ctx *c);
void auth_me(struct api_ctx *c);
void auth_password(struct api_ctx *c);

/* second_factor.c — TOTP and the per-role requirement */
void totp_setup(struct api_ctx *c);
void totp_confirm(struct api_ctx *c);
void totp_verify(struct api_ctx *c);
void totp_disable(struct api_ctx *c);
void second_factor_settings_get(struct api_ctx *c);
void second_factor_settings_put(struct api_ctx *c);

/* tokens.c */
void tokens_list(struct api_ctx *c);
void tokens_create(struct api_ctx *c);
void tokens_revoke(struct api_ctx *c);

/* units.c */
void units_list(struct api_ctx *c);
void units_get(struct api_ctx *c);

/* users.c */
void users_list(struct api_ctx *c);
void users_create(struct api_ctx *c);
void users_get(struct api_ctx *c);
void users_update(struct api_ctx *c);
void users_unlock(struct api_ctx *c);

/* audit.c */
void audit_list(struct api_ctx *c);

/* codes.c — the code lists of domain/codes.h */
void codes_get(struct api_ctx *c);

/* persons.c — duplicate check before a person is created */
void persons_duplicates(struct api_ctx *c);

/* cases.c */
void cases_list(struct api_ctx *c);
void cases_create(struct api_ctx *c);
void cases_get(struct api_ctx *c);
void cases_update(struct api_ctx *c);
void cases_transition(struct api_ctx *c);
void cases_history(struct api_ctx *c);

/* case_events.c — notes, assessments, plans, services, visits, corrections,
 * consents */
void case_events_add(struct api_ctx *c);
void case_events_correct(struct api_ctx *c);
void case_consents_add(struct api_ctx *c);

/* approvals.c */
void approvals_list(struct api_ctx *c);
void approvals_request(struct api_ctx *c);
void approvals_approve(struct api_ctx *c);
void approvals_reject(struct api_ctx *c);

/* referrals.c */
void referrals_create(struct api_ctx *c);
void referrals_list(struct api_ctx *c);
void referrals_accept(struct api_ctx *c);
void referrals_decline(struct api_ctx *c);
void referrals_complete(struct api_ctx *c);

/* transfers.c */
void transfers_create(struct api_ctx *c);
void transfers_list(struct api_ctx *c);
void transfers_accept(struct api_ctx *c);
void transfers_decline(struct api_ctx *c);

/* hotline.c */
void hotline_list(struct api_ctx *c);
void hotline_create(struct api_ctx *c);
void hotline_get(struct api_ctx *c);
void hotline_open_case(struct api_ctx *c);

/* inbox.c */
void inbox_get(struct api_ctx *c);

/* facilities.c */
void facilities_list(struct api_ctx *c);
void facilities_create(struct api_ctx *c);
void facilities_get(struct api_ctx *c);
void facilities_update(struct api_ctx *c);
void facilities_history(struct api_ctx *c);

/* residents.c */
void residents_list(struct api_ctx *c);
void residents_admit(struct api_ctx *c);
void residents_discharge(struct api_ctx *c);

/* carers.c */
void carers_list(struct api_ctx *c);
void carers_create(struct api_ctx *c);
void carers_get(struct api_ctx *c);
void carers_update(struct api_ctx *c);

/* placements.c */
void placements_list(struct api_ctx *c);
void placements_create(struct api_ctx *c);
void placements_get(struct api_ctx *c);
void placements_review(struct api_ctx *c);
void placements_end(struct api_ctx *c);

/* trainings.c */
void trainings_list(struct api_ctx *c);
void trainings_create(struct api_ctx *c);
void trainings_get(struct api_ctx *c);
void trainings_update(struct api_ctx *c);

/* participants.c */
void participants_list(struct api_ctx *c);
void participants_create(struct api_ctx *c);
void participants_delete(struct api_ctx *c);

/* communications.c */
void communications_list(struct api_ctx *c);
void communications_create(struct api_ctx *c);
void communications_get(struct api_ctx *c);
void communications_update(struct api_ctx *c);
void communications_coverage(struct api_ctx *c);

/* imports.c */
void imports_create(struct api_ctx *c);
void imports_get(struct api_ctx *c);
void imports_cancel(struct api_ctx *c);

/* indicators.c — catalogue, values, children, cases behind a value,
 * problems (docs/indicators.md) */
void indicators_list(struct api_ctx *c);
void indicator_values_get(struct api_ctx *c);
void indicator_values_children(struct api_ctx *c);
void indicator_values_cases(struct api_ctx *c);
void indicator_problems_list(struct api_ctx *c);

/* dashboard.c */
void dashboard_get(struct api_ctx *c);

/* aggregates.c — aggregate indicator values */
void aggregates_list(struct api_ctx *c);
void aggregates_put(struct api_ctx *c);
void aggregates_history(struct api_ctx *c);

/* programmes.c */
void programmes_list(struct api_ctx *c);

/* plans.c, targets.c — plans and their targets */
void plans_list(struct api_ctx *c);
void plans_create(struct api_ctx *c);
void plans_get(struct api_ctx *c);
void plans_update(struct api_ctx *c);
void plans_copy(struct api_ctx *c);
void targets_list(struct api_ctx *c);
void targets_add(struct api_ctx *c);
void targets_update(struct api_ctx *c);
void targets_delete(struct api_ctx *c);

/* budget.c, budget_execution.c, budget_export.c — budgets of plans */
void budget_check_post(struct api_ctx *c);
void budget_replace(struct api_ctx *c);
void budget_get(struct api_ctx *c);
void budget_summary_get(struct api_ctx *c);
void budget_export_get(struct api_ctx *c);
void budget_execution_list(struct api_ctx *c);
void budget_execution_put(struct api_ctx *c);
void budget_execution_history(struct api_ctx *c);

/* reports.c, report_list.c, report_workflow.c, report_completeness.c,
 * report_export.c, report_settings.c — periodic reports (docs/reports.md) */
void reports_create(struct api_ctx *c);
void reports_list(struct api_ctx *c);
void reports_get(struct api_ctx *c);
void reports_update(struct api_ctx *c);
void reports_refresh(struct api_ctx *c);
void reports_submit(struct api_ctx *c);
void reports_approve(struct api_ctx *c);
void reports_return(struct api_ctx *c);
void reports_reopen(struct api_ctx *c);
void reports_consolidate(struct api_ctx *c);
void reports_completeness(struct api_ctx *c);
void report_export_get(struct api_ctx *c);
void plan_report_settings_get(struct api_ctx *c);
void plan_report_settings_put(struct api_ctx *c);

#endif
