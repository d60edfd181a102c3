/*
 * test_codes.c — the code lists: every list well formed (distinct codes,
 * labels in both languages, Vietnamese as valid NFC UTF-8), the sizes and
 * codes the law and the API fix, and lookups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "domain/casework.h"
#include "domain/codes.h"

static bool trimmed(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && s[0] != ' ' && s[n - 1] != ' ';
}

/* Valid UTF-8 already in NFC: Vietnamese typed with combining marks would
 * not match a search or a sort. */
static bool nfc_utf8(const char *s)
{
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (nfc == NULL)
		return false;
	bool same = strcmp((const char *)nfc, s) == 0;
	free(nfc);
	return same;
}

static void every_list_is_well_formed(void **state)
{
	(void)state;
	assert_true(code_lists_count >= 41);
	for (size_t i = 0; i < code_lists_count; i++) {
		const struct code_list *l = &code_lists[i];
		assert_non_null(l->name);
		assert_true(l->n > 0);
		for (size_t j = 0; j < i; j++)
			if (strcmp(code_lists[j].name, l->name) == 0)
				fail_msg("list %s twice", l->name);
		for (size_t k = 0; k < l->n; k++) {
			const struct code_entry *e = &l->items[k];
			if (!trimmed(e->code) || !trimmed(e->vi) ||
			    !trimmed(e->en))
				fail_msg("%s/%s: empty or padded", l->name,
				         e->code);
			if (strspn(e->code, "abcdefghijklmnopqrstuvwxyz"
			                    "0123456789_") != strlen(e->code))
				fail_msg("%s/%s: code not snake_case", l->name,
				         e->code);
			if (!nfc_utf8(e->vi) || !nfc_utf8(e->en))
				fail_msg("%s/%s: label not NFC UTF-8", l->name,
				         e->code);
			for (size_t m = 0; m < k; m++)
				if (strcmp(l->items[m].code, e->code) == 0)
					fail_msg("%s/%s twice", l->name,
					         e->code);
			assert_ptr_equal(codes_find(l->name, e->code), e);
		}
		assert_ptr_equal(codes_list(l->name), l);
	}
}

static void list_sizes(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t n;
	} sizes[] = {
	    {"case_type", 6},
	    {"case_stage", 6},
	    {"urgency", 3},
	    {"sex", 3},
	    {"risk_level", 3},
	    {"protection_level", 3},
	    {"child_status", 3},
	    {"abuse_type", 7},
	    {"csc_group", 14},
	    {"alt_care_form", 5},
	    {"sa_category", 17},
	    {"care_setting", 2},
	    {"tip_support", 11},
	    {"tip_person_status", 4},
	    {"rehab_form", 7},
	    {"rehab_phase", 5},
	    {"dv_measure", 9},
	    {"gbv_role", 2},
	    {"service", 17},
	    {"closure_reason", 10},
	    {"hotline_line", 5},
	    {"caller_relation", 10},
	    {"consent_kind", 3},
	    {"consent_by", 2},
	    {"read_reason", 6},
	    {"approval_subject", 2},
	    {"ethnicity", 55},
	    {"event_kind", 5},
	    {"facility_type", 22},
	    {"facility_ownership", 2},
	    {"facility_status", 4},
	    {"admission_kind", 2},
	    {"discharge_reason", 6},
	    {"carer_kind", 2},
	    {"placement_end_reason", 6},
	    {"placement_review_outcome", 3},
	    {"training_topic", 11},
	    {"participant_role", 12},
	    {"communication_kind", 8},
	    {"communication_topic", 8},
	    {"communication_audience", 7},
	};
	assert_int_equal(code_lists_count, sizeof sizes / sizeof sizes[0]);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		const struct code_list *l = codes_list(sizes[i].name);
		if (l == NULL)
			fail_msg("no list %s", sizes[i].name);
		if (l->n != sizes[i].n)
			fail_msg("%s has %zu codes, expected %zu",
			         sizes[i].name, l->n, sizes[i].n);
	}
}

static void exact_codes(const char *list, const char *const *codes, size_t n)
{
	const struct code_list *l = codes_list(list);
	assert_non_null(l);
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l->items[i].code, codes[i]);
}

#define EXACT(list, ...)                                                       \
	do {                                                                   \
		static const char *const c[] = {__VA_ARGS__};                  \
		exact_codes(list, c, sizeof c / sizeof c[0]);                  \
	} while (0)

static void api_values_are_fixed(void **state)
{
	(void)state;
	EXACT("urgency", "emergency", "urgent", "normal");
	EXACT("sex", "male", "female", "unknown");
	EXACT("care_setting", "community", "facility");
	EXACT("hotline_line", "111", "1900969680", "dv_national", "18001567",
	      "other");
	EXACT("caller_relation", "self", "parent", "relative", "neighbour",
	      "teacher", "police", "health_worker", "local_official", "other",
	      "anonymous");
	EXACT("consent_kind", "services", "sharing", "statistics");
	EXACT("consent_by", "person", "guardian");
	EXACT("read_reason", "case_work", "supervision", "approval",
	      "police_or_court_request", "emergency", "quality_review");
	EXACT("approval_subject", "plan", "closure");
	EXACT("closure_reason", "plan_completed", "moved_away", "aged_out",
	      "died", "transferred", "duplicate", "declined_services",
	      "unfounded_report", "no_longer_eligible", "other");
	EXACT("service", "health_care", "psychological_support", "legal_aid",
	      "education", "vocational_training", "shelter", "cash_allowance",
	      "family_tracing", "counselling", "emergency_care",
	      "alternative_care", "harm_reduction", "opioid_substitution",
	      "job_linkage", "reintegration_support", "essential_needs",
	      "other");
	EXACT("risk_level", "high", "medium", "low");
	EXACT("protection_level", "prevention", "support",
	      "intervention_level");
	EXACT("child_status", "abused", "at_risk", "special_circumstances");
	EXACT("gbv_role", "victim", "perpetrator");
	EXACT("tip_person_status", "tip_victim", "tip_in_identification",
	      "tip_accompanying_minor", "tip_foreign_victim");
	EXACT("rehab_form", "rehab_voluntary_community",
	      "rehab_voluntary_facility", "rehab_compulsory_adult",
	      "rehab_compulsory_minor", "opioid_substitution",
	      "post_rehab_management", "drug_user_management");
}

/* docs/network.md fixes every code of the service network's lists. */
static void network_values_are_fixed(void **state)
{
	(void)state;
	EXACT("facility_type", "fac_elderly", "fac_children", "fac_disability",
	      "fac_mental_health", "fac_general", "fac_social_work_centre",
	      "fac_other", "fac_drug_rehab", "fac_victim_support",
	      "fac_trusted_address", "fac_child_protection_service",
	      "sp_cp_office", "sp_drug_counselling", "sp_hotline",
	      "sp_safe_house", "model_safe_school", "model_women_club",
	      "model_women_economic", "model_cp_community",
	      "model_sex_work_support", "model_trafficking_reintegration",
	      "model_other");
	EXACT("facility_ownership", "public", "non_public");
	EXACT("facility_status", "planned", "active", "suspended", "closed");
	EXACT("admission_kind", "emergency", "ordinary");
	EXACT("discharge_reason", "returned_family", "alternative_care",
	      "transferred", "independent_living", "deceased", "other");
	EXACT("alt_care_form", "kinship_care", "foster_non_kin", "adoption",
	      "residential_care", "emergency_care");
	EXACT("carer_kind", "kin", "non_kin");
	EXACT("placement_end_reason", "returned_home", "form_changed",
	      "adopted", "came_of_age", "carer_unable", "other");
	EXACT("placement_review_outcome", "continue", "change_form", "end");
	EXACT("training_topic", "sw_skills", "facility_management",
	      "pwd_care_rehab", "child_protection", "ge_knowledge",
	      "ge_leadership", "gbv_response", "drug_rehab_treatment",
	      "sex_work_support", "trafficking_support", "other");
	EXACT("participant_role", "sw_official", "sw_collaborator",
	      "facility_staff", "lisa_official", "rehab_staff", "ge_staff",
	      "cp_officer", "female_deputy", "female_leader", "female_pipeline",
	      "family_caregiver", "other");
	EXACT("communication_kind", "meeting", "broadcast", "leaflet",
	      "club_session", "contest", "event", "online", "other");
	EXACT("communication_topic", "child_protection", "gender_equality",
	      "gbv", "anti_prostitution", "drugs", "trafficking",
	      "social_assistance", "other");
	EXACT("communication_audience", "general_public", "officials",
	      "armed_forces", "students", "children", "women", "other");
}

/* Facility types and ownership copy glossary.csv's labels. */
static void network_glossary_labels(void **state)
{
	(void)state;
	assert_string_equal(codes_find("facility_type", "fac_elderly")->vi,
	                    "Cơ sở bảo trợ xã hội chăm sóc người cao tuổi");
	assert_string_equal(
	    codes_find("facility_type", "fac_mental_health")->vi,
	    "Cơ sở bảo trợ xã hội chăm sóc và phục hồi chức năng cho người "
	    "tâm thần, người rối nhiễu tâm trí");
	assert_string_equal(
	    codes_find("facility_type", "fac_trusted_address")->vi,
	    "Địa chỉ tin cậy");
	assert_string_equal(
	    codes_find("facility_type", "fac_child_protection_service")->en,
	    "Child protection service provider");
	assert_string_equal(codes_find("facility_ownership", "public")->vi,
	                    "Cơ sở trợ giúp xã hội công lập");
	assert_string_equal(codes_find("facility_ownership", "non_public")->vi,
	                    "Cơ sở trợ giúp xã hội ngoài công lập");
}

/* The 14 groups of Law on Children Art 10(1), labels as in glossary.csv. */
static void fourteen_csc_groups(void **state)
{
	(void)state;
	const struct code_list *l = codes_list("csc_group");
	assert_non_null(l);
	for (size_t i = 0; i < l->n; i++) {
		char code[24];
		snprintf(code, sizeof code, "csc%02zu", i + 1);
		assert_string_equal(l->items[i].code, code);
	}
	assert_false(codes_has("csc_group", "csc15"));
	assert_false(codes_has("csc_group", "csc16"));
	assert_string_equal(codes_find("csc_group", "csc01")->vi,
	                    "Trẻ em mồ côi cả cha và mẹ");
	assert_string_equal(codes_find("csc_group", "csc08")->vi,
	                    "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ "
	                    "cập giáo dục trung học cơ sở");
	assert_string_equal(codes_find("csc_group", "csc13")->vi,
	                    "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều "
	                    "trị dài ngày thuộc hộ nghèo hoặc hộ cận nghèo");
	assert_string_equal(codes_find("csc_group", "csc14")->vi,
	                    "Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác "
	                    "định được cha mẹ hoặc không có người chăm sóc");
}

static void ethnic_groups_carry_gso_codes(void **state)
{
	(void)state;
	const struct code_list *l = codes_list("ethnicity");
	assert_non_null(l);
	for (size_t i = 0; i < l->n; i++) {
		char code[24];
		snprintf(code, sizeof code, "%02zu", i + 1);
		assert_string_equal(l->items[i].code, code);
	}
	assert_string_equal(codes_find("ethnicity", "01")->vi, "Kinh");
	assert_string_equal(codes_find("ethnicity", "04")->vi, "Hoa");
	assert_string_equal(codes_find("ethnicity", "05")->vi, "Khmer");
	assert_string_equal(codes_find("ethnicity", "06")->vi, "Mường");
	assert_string_equal(codes_find("ethnicity", "14")->vi, "Xơ Đăng");
	assert_string_equal(codes_find("ethnicity", "27")->vi, "Giẻ Triêng");
	assert_string_equal(codes_find("ethnicity", "52")->vi, "Brâu");
	assert_string_equal(codes_find("ethnicity", "54")->vi, "Rơ Măm");
	assert_string_equal(codes_find("ethnicity", "55")->vi,
	                    "Người nước ngoài");
	assert_false(codes_has("ethnicity", "56"));
	assert_false(codes_has("ethnicity", "1"));
}

/* The lists that mirror enums must say the same names in the same order. */
static void lists_match_the_enums(void **state)
{
	(void)state;
	const struct code_list *types = codes_list("case_type");
	assert_int_equal(types->n, CASE_TYPE__MAX);
	for (int t = 0; t < CASE_TYPE__MAX; t++)
		assert_string_equal(types->items[t].code,
		                    case_type_name((enum case_type)t));
	const struct code_list *stages = codes_list("case_stage");
	assert_int_equal(stages->n, STAGE__MAX);
	for (int s = 0; s < STAGE__MAX; s++)
		assert_string_equal(stages->items[s].code,
		                    case_stage_name((enum case_stage)s));
	const struct code_list *kinds = codes_list("event_kind");
	assert_int_equal(kinds->n, EVENT_KIND__MAX);
	for (int k = 0; k < EVENT_KIND__MAX; k++)
		assert_string_equal(kinds->items[k].code,
		                    event_kind_name((enum event_kind)k));
}

static void every_fact_names_a_real_list(void **state)
{
	(void)state;
	for (int t = 0; t < CASE_TYPE__MAX; t++) {
		size_t n = 0;
		const struct fact_spec *f =
		    casework_facts((enum case_type)t, &n);
		for (size_t i = 0; i < n; i++) {
			bool coded =
			    f[i].kind == FACT_CODE || f[i].kind == FACT_CODES;
			if (coded && codes_list(f[i].codes) == NULL)
				fail_msg("%s.%s: no list %s",
				         case_type_name((enum case_type)t),
				         f[i].name, f[i].codes);
			if (!coded && f[i].codes != NULL)
				fail_msg("%s.%s: list on a non-code fact",
				         case_type_name((enum case_type)t),
				         f[i].name);
		}
	}
}

static void lookups(void **state)
{
	(void)state;
	assert_true(codes_has("urgency", "emergency"));
	assert_false(codes_has("urgency", "Emergency"));
	assert_false(codes_has("urgency", "emergency "));
	assert_false(codes_has("urgency", ""));
	assert_false(codes_has("urgency", NULL));
	assert_false(codes_has("no_such_list", "emergency"));
	assert_false(codes_has(NULL, "emergency"));
	assert_null(codes_list("no_such_list"));
	assert_null(codes_list(NULL));
	assert_null(codes_find("sex", "other"));
	const struct code_entry *e = codes_find("sex", "female");
	assert_non_null(e);
	assert_string_equal(e->vi, "Nữ");
	assert_string_equal(e->en, "Female");
	assert_string_equal(codes_find("closure_reason", "died")->vi,
	                    "Đã qua đời");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_list_is_well_formed),
	    cmocka_unit_test(list_sizes),
	    cmocka_unit_test(api_values_are_fixed),
	    cmocka_unit_test(network_values_are_fixed),
	    cmocka_unit_test(network_glossary_labels),
	    cmocka_unit_test(fourteen_csc_groups),
	    cmocka_unit_test(ethnic_groups_carry_gso_codes),
	    cmocka_unit_test(lists_match_the_enums),
	    cmocka_unit_test(every_fact_names_a_real_list),
	    cmocka_unit_test(lookups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
