/*
 * import_rows.c — the rows of each kind of CSV import: the header mapped
 * onto the kind's columns, the cells (text, code, date, number, unit) and
 * the check and store of a facility, training, communication or
 * participant row.  The run itself (threads, transaction, problems) is
 * import_engine.c's; the two share import_internal.h.
 *
 * Cells are checked on the checking thread, with no store: every cell
 * problem of a row is recorded, not only the first.  Units are resolved
 * on the storing thread, which owns the store connection, through a
 * small open-addressing cache (one lookup per distinct code per import).
 * Code cells are looked up once per distinct text (a per-column memo).
 * Text is NFC-normalised and its search key folded by lib/fold.h, whose
 * table path covers Vietnamese typed on a keyboard.  Cell contents are
 * never logged: they are personal data.
 */
#include "api/import_internal.h"

#include <stdatomic.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "lib/fold.h"

/* ---- the header ------------------------------------------------------ */

bool import_read_header(struct importer *im, long line, size_t n,
                        const char *const *f)
{
	for (size_t c = 0; c < im->ncolumns; c++)
		im->map[c] = -1;
	im->header_fields = n;
	for (size_t i = 0; i < n; i++) {
		const char *s = f[i];
		if (i == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t len = strlen(s);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		                   s[len - 1] == '\r'))
			len--;
		size_t c;
		for (c = 0; c < im->ncolumns; c++)
			if (strlen(im->columns[c].name) == len &&
			    strncasecmp(im->columns[c].name, s, len) == 0)
				break;
		if (c == im->ncolumns) {
			/* Header text is a column name, not personal data. */
			import_check_problem(
			    im, line, NULL, "unknown_column",
			    arena_printf(im->scratch,
			                 "unknown column '%.*s'; expected "
			                 "the columns of %s",
			                 (int)(len > 60 ? 60 : len), s,
			                 import_kind_name(im->rq->kind)));
		} else if (im->map[c] >= 0) {
			import_check_problem(
			    im, line, im->columns[c].name, "unknown_column",
			    arena_printf(im->scratch, "column %s appears twice",
			                 im->columns[c].name));
		} else {
			im->map[c] = (int)i;
		}
	}
	bool complete = true;
	for (size_t c = 0; c < im->ncolumns; c++) {
		if (im->columns[c].required && im->map[c] < 0) {
			import_check_problem(
			    im, line, im->columns[c].name, "missing_column",
			    arena_printf(im->scratch,
			                 "the required column %s is missing",
			                 im->columns[c].name));
			complete = false;
		}
	}
	return complete;
}

/* ---- cells ----------------------------------------------------------- */

static void cell_problem(struct importer *im, int col, const char *code,
                         const char *message)
{
	import_check_problem(im, im->line, im->columns[col].name, code,
	                     message);
}

/* The cell of column col, trimmed, in the batch's arena; "" when empty
 * or the column is absent.  The apostrophe exports.c puts before a cell
 * starting with one of CSV_GUARDED_FIRST (against formulas in
 * spreadsheets) is dropped after the trim, and what follows it is kept
 * as it is: "'\t=x" (quoted in the file) comes back as "\t=x", the value
 * exported. */
const char *import_cell(struct importer *im, int col)
{
	int at = im->map[col];
	if (at < 0)
		return "";
	const char *s = im->fields[at];
	size_t n = strlen(s);
	size_t b = 0;
	while (b < n && (s[b] == ' ' || s[b] == '\t'))
		b++;
	if (n - b >= 2 && s[b] == '\'' &&
	    strchr(CSV_GUARDED_FIRST, s[b + 1]) != NULL)
		b++;
	while (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	                 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	/* A copy: the row is stored after libcsv has moved on. */
	return b == n ? "" : arena_strndup(im->scratch, s + b, n - b);
}

/* Text of at most max characters (min when not empty) into *out, NFC;
 * NULL when empty.  Required and empty: a `required` problem. */
static bool text_cell(struct importer *im, int col, bool required, size_t min,
                      size_t max, const char **out)
{
	const char *s = import_cell(im, col);
	*out = NULL;
	if (*s == '\0') {
		if (required)
			cell_problem(im, col, "required",
			             arena_printf(im->scratch, "%s is required",
			                          im->columns[col].name));
		return !required;
	}
	size_t n;
	bool control, nfc;
	text_scan(s, &n, &control, &nfc);
	if (control) {
		cell_problem(im, col, "invalid_value",
		             "contains control characters");
		return false;
	}
	const char *t = s;
	if (!nfc) {
		t = text_nfc(im->scratch, s);
		n = text_length(t);
	}
	if (n > max) {
		cell_problem(im, col, "too_long",
		             arena_printf(im->scratch,
		                          "%s must be at most %zu characters",
		                          im->columns[col].name, max));
		return false;
	}
	if (n < min) {
		cell_problem(im, col, "invalid_value",
		             arena_printf(im->scratch,
		                          "%s must be %zu to %zu characters",
		                          im->columns[col].name, min, max));
		return false;
	}
	*out = t;
	return true;
}

/* A code of `list` by code or label; empty gives dflt (NULL: required). */
static bool code_cell(struct importer *im, int col, const char *list,
                      const char *dflt, const char **out)
{
	const char *s = import_cell(im, col);
	*out = dflt;
	if (*s == '\0') {
		if (dflt != NULL)
			return true;
		cell_problem(im, col, "required",
		             arena_printf(im->scratch, "%s is required",
		                          im->columns[col].name));
		return false;
	}
	struct code_memo *m = &im->memo[col];
	const char *code = NULL;
	int i;
	for (i = 0; i < m->n; i++)
		if (strcmp(m->cell[i], s) == 0)
			break;
	if (i < m->n) {
		code = m->code[i];
	} else {
		code = net_code_of(im->scratch, list, s);
		if (m->n < CODE_MEMO) {
			m->cell[m->n] = arena_strdup(im->checked.a, s);
			m->code[m->n] = code;
			m->n++;
		}
	}
	if (code == NULL) {
		cell_problem(im, col, "invalid_value",
		             arena_printf(im->scratch,
		                          "%s is not a code or label of the "
		                          "list %s",
		                          im->columns[col].name, list));
		return false;
	}
	*out = code;
	return true;
}

/* A date into a scratch copy; NULL when empty and not required. */
static bool date_cell(struct importer *im, int col, bool required,
                      bool not_future, const char **out)
{
	const char *s = import_cell(im, col);
	*out = NULL;
	if (*s == '\0') {
		if (required)
			cell_problem(im, col, "required",
			             arena_printf(im->scratch, "%s is required",
			                          im->columns[col].name));
		return !required;
	}
	char d[NET_DATE_MAX];
	if (net_date_parse(s, d) != 0) {
		cell_problem(im, col, "invalid_date",
		             arena_printf(im->scratch,
		                          "%s must be a date YYYY-MM-DD or "
		                          "DD/MM/YYYY",
		                          im->columns[col].name));
		return false;
	}
	if (not_future && strcmp(d, im->today) > 0) {
		cell_problem(im, col, "invalid_date",
		             arena_printf(im->scratch,
		                          "%s must not be in the future",
		                          im->columns[col].name));
		return false;
	}
	*out = arena_strdup(im->scratch, d);
	return true;
}

/* A whole number in [min, max]; *out = absent when empty. */
static bool number_cell(struct importer *im, int col, int64_t min, int64_t max,
                        int64_t absent, int64_t *out)
{
	const char *s = import_cell(im, col);
	*out = absent;
	if (*s == '\0')
		return true;
	int64_t v = net_count_parse(s, max);
	if (v < min) {
		cell_problem(im, col, "invalid_number",
		             arena_printf(im->scratch,
		                          "%s must be a whole number from "
		                          "%lld to %lld",
		                          im->columns[col].name, (long long)min,
		                          (long long)max));
		return false;
	}
	*out = v;
	return true;
}

/* ---- the unit of a row (storing thread) ----------------------------- */

const struct unit_row *import_unit_of(struct importer *im, long line,
                                      const char *s,
                                      const struct unit_row *dflt)
{
	const char *column = im->columns[im->unit_col].name;
	if (*s == '\0') {
		if (dflt == NULL) {
			atomic_store(&im->any_problem, true);
			import_problems_add(&im->stored, line, column,
			                    "required",
			                    "unit_code is required");
		}
		return dflt;
	}
	size_t n = strlen(s);
	struct unit_slot *slot = NULL;
	struct unit_row *u = NULL;
	bool known = false;
	if (n < UNIT_CODE_MAX) {
		uint32_t h = 2166136261u; /* FNV-1a */
		for (size_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 16777619u;
		for (size_t k = 0; k < UNIT_CACHE_SLOTS; k++) {
			struct unit_slot *e =
			    &im->units[(h + k) & (UNIT_CACHE_SLOTS - 1)];
			if (e->code[0] == '\0' || strcmp(e->code, s) == 0) {
				slot = e;
				break;
			}
		}
		/* Keep a quarter free so probes stay short. */
		if (slot != NULL && slot->code[0] == '\0' &&
		    im->units_used >= UNIT_CACHE_SLOTS * 3 / 4)
			slot = NULL;
	}
	if (slot != NULL && slot->code[0] != '\0') {
		known = slot->known;
		u = &slot->unit;
	} else {
		/* Not cached (a full cache): the row's own copy. */
		u = slot != NULL ? &slot->unit
		                 : arena_alloc(im->stored.a, sizeof *u);
		enum store_status st = STORE_NOTFOUND;
		if (n < UNIT_CODE_MAX)
			st = store_unit_get(im->st, im->stored.a, im->tree, s,
			                    u);
		if (st == STORE_ERROR) {
			im->store_err = true;
			return NULL;
		}
		known = st == STORE_OK;
		if (slot != NULL) {
			memcpy(slot->code, s, n + 1);
			slot->known = known;
			im->units_used++;
		}
	}
	if (!known) {
		atomic_store(&im->any_problem, true);
		import_problems_add(
		    &im->stored, line, column, "unknown_unit",
		    arena_printf(im->stored.a,
		                 "no unit with this code in tree %s",
		                 im->tree));
		return NULL;
	}
	if (im->rq->who != NULL &&
	    !access_sees(im->rq->who, u->tree, u->path)) {
		atomic_store(&im->any_problem, true);
		import_problems_add(&im->stored, line, column, "out_of_scope",
		                    "the unit is outside your scope");
		return NULL;
	}
	return u;
}

/* ---- rows of each kind -----------------------------------------------
 *
 * check_*: the checking thread, every cell but the unit (pure: no store).
 * store_*: the storing thread, the row with its unit, into the store.
 * Trainings, participants and communications are queued (store.h
 * store_flush): nothing reads their ids, and on PostgreSQL they then
 * travel as the lines of one COPY instead of a statement each.  A
 * facility is inserted and waited for: its event needs its id. */

/* The status of a queued row.  A failure may be an earlier row's,
 * noticed only now (PostgreSQL answers a COPY once it ends, after 4 096
 * rows or before another statement): pr->line then becomes the line of the row
 * that failed, so that the import's log (import_engine.c store_batch) names
 * that row, as it did when every row was waited for.  A failure noticed after
 * the last row (at the audit entry or the commit) is logged by the store with
 * the same line (`op=queue … tag=LINE`). */
static enum store_status queued(struct importer *im, struct pending *pr,
                                enum store_status status)
{
	long failed;

	if (status != STORE_OK && store_flush(im->st, &failed) != STORE_OK)
		pr->line = failed;
	return status;
}

static bool check_facility(struct importer *im, struct pending *pr)
{
	/* columns: name type ownership unit_code capacity licence_no
	 * licence_date licence_issuer address phone started_on status note */
	struct facility_row *f = &pr->r.f;
	bool ok = text_cell(im, 0, true, 2, 200, &f->name);
	ok &= code_cell(im, 1, "facility_type", NULL, &f->type);
	ok &= code_cell(im, 2, "facility_ownership", NULL, &f->ownership);
	ok &= number_cell(im, 4, 0, 100000, -1, &f->capacity);
	ok &= text_cell(im, 5, false, 0, 50, &f->licence_no);
	ok &= date_cell(im, 6, false, true, &f->licence_date);
	ok &= text_cell(im, 7, false, 0, 200, &f->licence_issuer);
	ok &= text_cell(im, 8, false, 0, 500, &f->address);
	ok &= text_cell(im, 9, false, 0, 50, &f->phone);
	ok &= date_cell(im, 10, false, false, &f->started_on);
	ok &= code_cell(im, 11, "facility_status", "active", &f->status);
	ok &= text_cell(im, 12, false, 0, 2000, &f->note);
	if (ok) {
		f->name_folded = text_fold(im->scratch, f->name);
		f->kind = facility_kind_of(f->type);
	}
	return ok;
}

static enum store_status store_facility(struct importer *im, struct pending *pr,
                                        const struct unit_row *u)
{
	struct facility_row *f = &pr->r.f;
	f->unit_tree = u->tree;
	f->unit_code = u->code;
	f->unit_path = u->path;
	f->created_by = im->rq->user_id;
	f->created_at = f->updated_at = im->now;
	enum store_status st = store_facility_insert(im->st, f);
	if (st != STORE_OK)
		return st;
	struct facility_event_row e = {0};
	e.facility_id = f->id;
	e.at = im->now;
	e.actor_id = im->rq->actor_id;
	e.actor_name = im->rq->actor_name;
	e.kind = "created";
	e.data = "{\"source\":\"import\"}";
	return store_facility_event_append(im->st, &e);
}

static bool check_training(struct importer *im, struct pending *pr)
{
	/* columns: title topic starts_on ends_on unit_code organiser place
	 * note */
	struct training_row *t = &pr->r.t;
	bool ok = text_cell(im, 0, true, 2, 200, &t->title);
	ok &= code_cell(im, 1, "training_topic", NULL, &t->topic);
	bool dates = date_cell(im, 2, true, false, &t->starts_on);
	dates &= date_cell(im, 3, true, false, &t->ends_on);
	if (dates && strcmp(t->ends_on, t->starts_on) < 0) {
		cell_problem(im, 3, "invalid_date",
		             "ends_on must not be before starts_on");
		dates = false;
	}
	ok &= text_cell(im, 5, false, 0, 200, &t->organiser);
	ok &= text_cell(im, 6, false, 0, 200, &t->place);
	ok &= text_cell(im, 7, false, 0, 2000, &t->note);
	if (ok && dates) {
		t->title_folded = text_fold(im->scratch, t->title);
		t->project = training_topic_project(t->topic);
	}
	return ok && dates;
}

static enum store_status store_training(struct importer *im, struct pending *pr,
                                        const struct unit_row *u)
{
	struct training_row *t = &pr->r.t;
	t->unit_tree = u->tree;
	t->unit_code = u->code;
	t->unit_path = u->path;
	t->created_by = im->rq->user_id;
	t->created_at = t->updated_at = im->now;
	return queued(im, pr, store_training_queue(im->st, t, pr->line));
}

static bool check_communication(struct importer *im, struct pending *pr)
{
	/* columns: unit_code kind topic held_on title audience reach_male
	 * reach_female note */
	struct communication_row *r = &pr->r.c;
	bool ok = code_cell(im, 1, "communication_kind", NULL, &r->kind);
	ok &= code_cell(im, 2, "communication_topic", NULL, &r->topic);
	/* A record of what was held, as POST /communications. */
	ok &= date_cell(im, 3, true, true, &r->held_on);
	ok &= text_cell(im, 4, false, 2, 200, &r->title);
	ok &= code_cell(im, 5, "communication_audience", "general_public",
	                &r->audience);
	ok &= number_cell(im, 6, 0, 10000000, 0, &r->reach_male);
	ok &= number_cell(im, 7, 0, 10000000, 0, &r->reach_female);
	ok &= text_cell(im, 8, false, 0, 2000, &r->note);
	return ok;
}

static enum store_status store_communication(struct importer *im,
                                             struct pending *pr,
                                             const struct unit_row *u)
{
	struct communication_row *r = &pr->r.c;
	r->unit_tree = u->tree;
	r->unit_code = u->code;
	r->unit_path = u->path;
	r->created_by = im->rq->user_id;
	r->created_at = r->updated_at = im->now;
	return queued(im, pr, store_communication_queue(im->st, r, pr->line));
}

static bool check_participant(struct importer *im, struct pending *pr)
{
	/* columns: full_name sex role agency position unit_code
	 * birth_year */
	struct participant_row *p = &pr->r.p;
	bool ok = text_cell(im, 0, true, 2, 200, &p->full_name);
	ok &= code_cell(im, 1, "sex", NULL, &p->sex);
	/* The indicators count women and men: a third value would be
	 * counted nowhere (participants.c). */
	if (p->sex != NULL && strcmp(p->sex, "male") != 0 &&
	    strcmp(p->sex, "female") != 0) {
		cell_problem(im, 1, "invalid_value",
		             "sex must be male or female");
		ok = false;
	}
	ok &= code_cell(im, 2, "participant_role", NULL, &p->role);
	ok &= text_cell(im, 3, false, 0, 200, &p->agency);
	ok &= text_cell(im, 4, false, 0, 200, &p->position);
	int64_t year;
	ok &= number_cell(im, 6, 1900, im->this_year, 0, &year);
	if (ok) {
		p->full_name_folded = text_fold(im->scratch, p->full_name);
		p->birth_year = (int)year;
	}
	return ok;
}

static enum store_status store_participant(struct importer *im,
                                           struct pending *pr,
                                           const struct unit_row *u)
{
	struct participant_row *p = &pr->r.p;
	p->training_id = im->training.id;
	p->unit_tree = u->tree;
	p->unit_code = u->code;
	p->unit_path = u->path;
	p->created_by = im->rq->user_id;
	p->created_at = im->now;
	return queued(im, pr, store_participant_queue(im->st, p, pr->line));
}

const struct import_kind_rows import_kinds[IMPORT_KIND__MAX] = {
    [IMPORT_FACILITIES] = {check_facility, store_facility, 3},
    [IMPORT_TRAININGS] = {check_training, store_training, 4},
    [IMPORT_COMMUNICATIONS] = {check_communication, store_communication, 0},
    [IMPORT_PARTICIPANTS] = {check_participant, store_participant, 5},
};
