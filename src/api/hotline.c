/*
 * hotline.c — calls to a hotline (111 …) and the intake cases opened from
 * them (RULES.md §1.3, §1.13; docs/cases.md).
 *
 * ** URL: POST /api/v1/hotline-calls {"line","received_at","unit_code",
 *         "unit_tree"?,"caller_relation","summary","urgency"} → 201 call;
 *         403 out_of_scope; 422 invalid_field
 * ** URL: GET  /api/v1/hotline-calls?page=&page_size= → 200 {items,total}
 * ** URL: GET  /api/v1/hotline-calls/ID → 200 call; 404 not_found
 * ** URL: POST /api/v1/hotline-calls/ID/case {"type","person":{…},
 *         "details"?} → 201 case in stage intake linked to the call;
 *         409 case_already_opened
 *
 * A call's summary is always sealed at rest, whatever the case type will
 * be: at intake nobody knows yet whether it tells of violence.  It is
 * opened only for the supervisors (province, district) of its unit and
 * for the operator who took the call until its case leaves their sight
 * (a hotline operator: once the commune takes it into assessment); others
 * in scope see summary null.  Hotline and facility users see only the
 * calls they took (in their scope); other case workers see the calls of
 * units in their scope.
 */
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

/* Clock skew we forgive between the operator's device and the server. */
#define FUTURE_SLACK_SECONDS 120

/* The call's unit as case facts, for casework_is_supervisor. */
static void call_facts(const struct hotline_call_row *h, struct case_facts *f)
{
	memset(f, 0, sizeof *f);
	f->tree = h->unit_tree;
	f->path = h->unit_path;
}

/* Whether the caller sees call h at all. */
static bool call_visible(struct api_ctx *c, const struct hotline_call_row *h)
{
	if (!access_sees(&c->who, h->unit_tree, h->unit_path))
		return false;
	/* A facility is not its unit's case worker: the unit's calls are
	 * none of its business. */
	return (c->who.role != ROLE_HOTLINE && c->who.role != ROLE_FACILITY) ||
	       h->operator_id == c->user.id;
}

/* Whether the caller may read the call's summary. */
static bool summary_readable(struct api_ctx *c,
                             const struct hotline_call_row *h)
{
	struct case_facts f;
	call_facts(h, &f);
	if (casework_is_supervisor(&c->who, &f))
		return true;
	if (h->operator_id != c->user.id)
		return false;
	/* The summary is the case's first narrative: the operator keeps it
	 * only while they still see the case (no access after hand-over). */
	struct case_row r;
	if (h->case_id == 0)
		return true;
	if (store_case_get(c->db, c->arena, h->case_id, &r) != STORE_OK)
		return false;
	case_facts_of(&r, &f);
	return casework_view(&c->who, &f) != VIEW_NONE;
}

static json_t *call_json(struct api_ctx *c, const struct hotline_call_row *h)
{
	char received[21], created[21];
	time_iso8601(h->received_at, received);
	time_iso8601(h->created_at, created);
	const char *summary = NULL;
	if (summary_readable(c, h))
		summary = secret_open(c->arena, c->cfg->seal_key, h->summary);
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:I, s:o, s:s}", "id",
	    (json_int_t)h->id, "line", h->line, "received_at", received,
	    "unit_code", h->unit_code, "unit_tree", h->unit_tree,
	    "caller_relation", h->caller_relation, "summary", summary,
	    "urgency", h->urgency, "operator_id", (json_int_t)h->operator_id,
	    "case_id", h->case_id ? json_integer(h->case_id) : json_null(),
	    "created_at", created);
}

/* Loads the call of the route if the caller sees it; 404 otherwise. */
static bool load_call(struct api_ctx *c, struct hotline_call_row *h)
{
	int64_t id;
	if (!api_id_param(c, "id", "hotline call", &id))
		return false;
	enum store_status st = store_hotline_call_get(c->db, c->arena, id, h);
	if (st == STORE_OK && call_visible(c, h))
		return true;
	if (st == STORE_ERROR)
		api_reply_internal(c);
	else
		api_reply_error(c, 404, "not_found", "No such hotline call",
		                NULL);
	return false;
}

/* "YYYY-MM-DDTHH:MM:SSZ", also with fractional seconds as browsers write
 * them (Date.toISOString); the fraction is dropped. */
static bool parse_instant(struct api_ctx *c, const char *s, int64_t *out)
{
	size_t len = strlen(s);
	if (len > 20 && len <= 30 && s[19] == '.' && s[len - 1] == 'Z') {
		for (size_t i = 20; i + 1 < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		char *whole = arena_strndup(c->arena, s, 20);
		whole[19] = 'Z';
		s = whole;
		len = 20;
	}
	return len == 20 && time_parse_iso8601(s, out) == 0;
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

enum {
	HF_LINE,
	HF_RECEIVED,
	HF_UNIT,
	HF_TREE,
	HF_RELATION,
	HF_SUMMARY,
	HF_URGENCY,
	HF__MAX
};
static const struct field_spec create_fields[HF__MAX] = {
    [HF_LINE] = {"line", FIELD_STRING, true, 32},
    [HF_RECEIVED] = {"received_at", FIELD_STRING, true, 40},
    [HF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [HF_TREE] = {"unit_tree", FIELD_STRING, false, 4},
    [HF_RELATION] = {"caller_relation", FIELD_STRING, true, 64},
    [HF_SUMMARY] = {"summary", FIELD_STRING, true, 16000},
    [HF_URGENCY] = {"urgency", FIELD_STRING, true, 16},
};

/* Fills h from the validated fields; answers 422/403 and returns false. */
static bool call_from_fields(struct api_ctx *c, const struct field_value *f,
                             struct hotline_call_row *h)
{
	if (!codes_has("hotline_line", f[HF_LINE].s))
		return bad_field(c, "line", "line is not a hotline_line code");
	int64_t now = time_now();
	if (!parse_instant(c, f[HF_RECEIVED].s, &h->received_at))
		return bad_field(c, "received_at",
		                 "received_at must be an instant "
		                 "YYYY-MM-DDTHH:MM:SSZ");
	if (h->received_at > now + FUTURE_SLACK_SECONDS)
		return bad_field(c, "received_at",
		                 "received_at must not be in the future");
	/* A year-0001 call would start its case's deadline clock there. */
	if (h->received_at < 946684800 /* 2000-01-01 */)
		return bad_field(c, "received_at",
		                 "received_at must be after 2000");
	if (!codes_has("caller_relation", f[HF_RELATION].s))
		return bad_field(c, "caller_relation",
		                 "caller_relation is not a caller_relation "
		                 "code");
	size_t chars = text_length(f[HF_SUMMARY].s);
	if (chars < 1 || chars > 4000)
		return bad_field(c, "summary",
		                 "summary must be 1 to 4000 characters");
	if (!codes_has("urgency", f[HF_URGENCY].s))
		return bad_field(c, "urgency",
		                 "urgency must be emergency, urgent or normal");
	struct unit_row unit;
	if (!case_unit_in_scope(c, "unit_code", f[HF_TREE].s, f[HF_UNIT].s,
	                        &unit))
		return false;
	h->line = f[HF_LINE].s;
	h->unit_tree = unit.tree;
	h->unit_code = unit.code;
	h->unit_path = unit.path;
	h->caller_relation = f[HF_RELATION].s;
	h->summary = secret_seal(c->arena, c->cfg->seal_key, f[HF_SUMMARY].s);
	h->urgency = f[HF_URGENCY].s;
	h->operator_id = c->user.id;
	h->created_at = now;
	return true;
}

void hotline_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[HF__MAX];
	if (body == NULL || !case_fields(c, body, create_fields, HF__MAX, f))
		return;
	struct hotline_call_row h = {0};
	if (!call_from_fields(c, f, &h))
		return;
	if (h.summary == NULL) {
		api_reply_internal(c);
		return;
	}
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_hotline_call_insert(c->db, &h);
	/* The summary stays out of the audit log: it is a narrative. */
	if (st != STORE_OK ||
	    !api_audit(
	        c, "hotline_call_create",
	        arena_printf(c->arena, "hotline_call:%lld", (long long)h.id),
	        h.unit_tree, h.unit_path,
	        json_pack("{s:s, s:s, s:s, s:s}", "line", h.line, "unit_code",
	                  h.unit_code, "caller_relation", h.caller_relation,
	                  "urgency", h.urgency)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 201, call_json(c, &h));
}

void hotline_get(struct api_ctx *c)
{
	struct hotline_call_row h;
	if (!load_call(c, &h))
		return;
	api_reply_json(c, 200, call_json(c, &h));
}

void hotline_list(struct api_ctx *c)
{
	struct hotline_query q = {0};
	int page;
	if (!api_paging(c, &q.offset, &q.limit, &page))
		return;
	q.tree = c->who.scope_tree;
	q.within_path = c->who.scope_path;
	if (c->who.role == ROLE_HOTLINE || c->who.role == ROLE_FACILITY)
		q.operator_id = c->user.id; /* as call_visible */
	struct hotline_call_row *rows;
	size_t n;
	long total;
	if (store_hotline_calls_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, call_json(c, &rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}

void hotline_open_case(struct api_ctx *c)
{
	struct hotline_call_row h;
	if (!load_call(c, &h))
		return;
	if (h.case_id != 0) {
		api_reply_error(c, 409, "case_already_opened",
		                "A case was already opened from this call",
		                NULL);
		return;
	}
	json_t *body = api_body_object(c);
	if (body == NULL)
		return;
	struct case_row row;
	if (!case_create(c, body, &h, &row))
		return;
	/* case_create links the call in its own transaction (409 when
	 * another open won the race). */
	/* The caller's own view of the new case, as POST /cases answers: a
	 * hotline operator sees a restricted one limited. */
	struct case_facts f;
	case_facts_of(&row, &f);
	enum case_view view = casework_view(&c->who, &f);
	api_add_header(c, "ETag", case_etag(c, &row));
	api_reply_json(c, 201, case_json(c, &row, view, view == VIEW_FULL));
}
