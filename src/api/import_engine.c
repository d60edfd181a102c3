/*
 * import_engine.c — one CSV import of the service network; see
 * import_engine.h for the contract and docs/network.md for the columns.
 *
 * Order: the bytes are checked for UTF-8 first (a UTF-16 file, or the
 * line of the first bad byte, is one `encoding` problem and the end);
 * then libcsv hands over rows one by one (lib/csvfile.h): the header is
 * mapped onto the kind's columns, each data row is checked cell by cell
 * and, while the file is still clean and this is no dry run, inserted
 * into the transaction opened at the first row.  The first problem rolls
 * that transaction back; later rows are still checked, so the answer
 * lists every problem.  One audit entry `import` goes in with the rows.
 *
 * Speed (bench/import): per-row memory comes from a scratch arena reset
 * every few hundred rows; unit codes are looked up once per import
 * (a small open-addressing cache), code cells once per distinct text
 * (a per-column memo); the store keeps its insert statement prepared.
 * Row contents are never logged: they are personal data.
 */
#include "api/import_engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/fold.h"
#include "lib/log.h"
#include "lib/timeutil.h"

/* Rows between cancel checks, progress updates and scratch resets. */
#define IMPORT_STRIDE 256

#define UNIT_CACHE_SLOTS 1024 /* power of two */
#define UNIT_CODE_MAX    16
#define CODE_MEMO        24 /* distinct texts remembered per code column */

struct unit_slot {
	char code[UNIT_CODE_MAX]; /* "" when the slot is empty */
	bool known;
	struct unit_row unit;
};

struct code_memo {
	const char *cell[CODE_MEMO];
	const char *code[CODE_MEMO]; /* NULL: not in the list */
	int n;
};

struct importer {
	struct store *st;
	struct arena *a;       /* results, caches: lives past the import */
	struct arena *scratch; /* per-row text, reset every stride */
	const struct import_request *rq;
	struct import_result *res;
	const char *tree; /* of unit_code cells */
	int commune_level;
	struct training_row training; /* participants */
	int64_t now;
	char today[NET_DATE_MAX];
	int this_year;

	bool header_seen;
	size_t header_fields;
	int map[IMPORT_MAX_COLUMNS]; /* column → index in the row, -1 */
	const struct import_column *columns;
	size_t ncolumns;

	/* the row being checked */
	long line;
	long last_end; /* last line of the last complete row */
	const char *const *fields;
	bool row_bad;

	long problems_total;
	bool in_tx;     /* the import's transaction is open */
	bool store_err; /* a store call failed: nothing more is stored */
	bool cancelled;
	long inserted;

	struct unit_slot *units; /* UNIT_CACHE_SLOTS */
	size_t units_used;
	struct code_memo memo[IMPORT_MAX_COLUMNS];
};

/* ---- problems -------------------------------------------------------- */

static void abandon_tx(struct importer *im)
{
	if (im->in_tx) {
		store_rollback(im->st);
		im->in_tx = false;
	}
}

static void problem(struct importer *im, long line, const char *column,
                    const char *code, const char *message)
{
	im->problems_total++;
	im->row_bad = true;
	/* Nothing of a file with a problem is ever kept. */
	abandon_tx(im);
	struct import_result *r = im->res;
	if (r->n_problems >= IMPORT_MAX_PROBLEMS) {
		r->truncated = true;
		return;
	}
	struct import_problem *p = &r->problems[r->n_problems++];
	p->line = line;
	p->column = column ? arena_strdup(im->a, column) : NULL;
	p->code = code;
	p->message = arena_strdup(im->a, message);
}

static void cell_problem(struct importer *im, int col, const char *code,
                         const char *message)
{
	problem(im, im->line, im->columns[col].name, code, message);
}

/* ---- encoding -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid;
 * NUL counts as invalid (a UTF-16 file without its mark is full of them). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c >= 0x01 && c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Checks the whole file is UTF-8 and counts its lines (the progress
 * total).  false after recording the problem. */
static bool check_encoding(struct importer *im, const char *data, size_t len,
                           long *lines)
{
	const unsigned char *s = (const unsigned char *)data;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                 (s[0] == 0xFE && s[1] == 0xFF))) {
		problem(im, 1, NULL, "encoding",
		        "The file is UTF-16; save it as CSV UTF-8");
		return false;
	}
	long line = 1;
	size_t i = 0;
	while (i < len) {
		/* ASCII runs are the common case: 8 bytes at a time. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) != 0 ||
			    ((w - 0x0101010101010101ULL) & ~w &
			     0x8080808080808080ULL) != 0)
				break;
			for (int k = 0; k < 8; k++)
				line += s[i + k] == '\n';
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = utf8_seq(s + i, len - i);
		if (n == 0) {
			problem(im, line, NULL, "encoding",
			        "The file is not UTF-8 from this line on; save "
			        "it as CSV UTF-8");
			return false;
		}
		line += s[i] == '\n';
		i += n;
	}
	*lines = line;
	return true;
}

/* ---- cells ----------------------------------------------------------- */

/* The cell of column col, trimmed; "" when the column is absent. */
static const char *cell(struct importer *im, int col)
{
	int at = im->map[col];
	if (at < 0)
		return "";
	const char *s = im->fields[at];
	size_t n = strlen(s);
	size_t b = 0;
	while (b < n && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	                 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (b == 0 && s[n] == '\0')
		return s;
	return arena_strndup(im->scratch, s + b, n - b);
}

static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Text of at most max characters (min when not empty) into *out, NFC;
 * NULL when empty.  Required and empty: a `required` problem. */
static bool text_cell(struct importer *im, int col, bool required, size_t min,
                      size_t max, const char **out)
{
	const char *s = cell(im, col);
	*out = NULL;
	if (*s == '\0') {
		if (required)
			cell_problem(im, col, "required",
			             arena_printf(im->scratch, "%s is required",
			                          im->columns[col].name));
		return !required;
	}
	if (!text_valid(s)) {
		cell_problem(im, col, "invalid_value",
		             "contains control characters");
		return false;
	}
	const char *t = ascii_only(s) ? s : text_nfc(im->scratch, s);
	size_t n = text_length(t);
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
	const char *s = cell(im, col);
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
			m->cell[m->n] = arena_strdup(im->a, s);
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
	const char *s = cell(im, col);
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
	const char *s = cell(im, col);
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

/* The unit of a unit_code cell, looked up once per import; NULL (and a
 * problem) when unknown or out of the caller's scope.  Empty: dflt. */
static const struct unit_row *unit_cell(struct importer *im, int col,
                                        const struct unit_row *dflt)
{
	const char *s = cell(im, col);
	if (*s == '\0') {
		if (dflt == NULL)
			cell_problem(im, col, "required",
			             "unit_code is required");
		return dflt;
	}
	size_t n = strlen(s);
	struct unit_slot *slot = NULL;
	struct unit_row scratch_row;
	const struct unit_row *u = NULL;
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
		bool cache = slot != NULL;
		struct unit_row *row = cache ? &slot->unit : &scratch_row;
		enum store_status st = STORE_NOTFOUND;
		if (n < UNIT_CODE_MAX)
			st = store_unit_get(im->st, cache ? im->a : im->scratch,
			                    im->tree, s, row);
		if (st == STORE_ERROR) {
			im->store_err = true;
			abandon_tx(im);
			return NULL;
		}
		known = st == STORE_OK;
		if (cache) {
			memcpy(slot->code, s, n + 1);
			slot->known = known;
			im->units_used++;
		}
		u = row;
		if (!cache && known) {
			struct unit_row *copy =
			    arena_alloc(im->scratch, sizeof *copy);
			*copy = scratch_row;
			u = copy;
		}
	}
	if (!known) {
		cell_problem(im, col, "unknown_unit",
		             arena_printf(im->scratch,
		                          "no unit with this code in tree %s",
		                          im->tree));
		return NULL;
	}
	if (im->rq->who != NULL &&
	    !access_sees(im->rq->who, u->tree, u->path)) {
		cell_problem(im, col, "out_of_scope",
		             "the unit is outside your scope");
		return NULL;
	}
	return u;
}

/* ---- rows of each kind ----------------------------------------------- */

static enum store_status insert_facility(struct importer *im)
{
	/* columns: name type ownership unit_code capacity licence_no
	 * licence_date licence_issuer address phone started_on status note */
	struct facility_row f = {0};
	bool ok = text_cell(im, 0, true, 2, 200, &f.name);
	ok &= code_cell(im, 1, "facility_type", NULL, &f.type);
	ok &= code_cell(im, 2, "facility_ownership", NULL, &f.ownership);
	const struct unit_row *u = unit_cell(im, 3, NULL);
	ok &= number_cell(im, 4, 0, 100000, -1, &f.capacity);
	ok &= text_cell(im, 5, false, 0, 50, &f.licence_no);
	ok &= date_cell(im, 6, false, true, &f.licence_date);
	ok &= text_cell(im, 7, false, 0, 200, &f.licence_issuer);
	ok &= text_cell(im, 8, false, 0, 500, &f.address);
	ok &= text_cell(im, 9, false, 0, 50, &f.phone);
	ok &= date_cell(im, 10, false, false, &f.started_on);
	ok &= code_cell(im, 11, "facility_status", "active", &f.status);
	ok &= text_cell(im, 12, false, 0, 2000, &f.note);
	if (!ok || u == NULL || im->row_bad || !im->in_tx)
		return STORE_OK;
	f.name_folded = text_fold(im->scratch, f.name);
	f.kind = facility_kind_of(f.type);
	f.unit_tree = u->tree;
	f.unit_code = u->code;
	f.unit_path = u->path;
	f.created_by = im->rq->user_id;
	f.created_at = f.updated_at = im->now;
	enum store_status st = store_facility_insert(im->st, &f);
	if (st != STORE_OK)
		return st;
	struct facility_event_row e = {0};
	e.facility_id = f.id;
	e.at = im->now;
	e.actor_id = im->rq->actor_id;
	e.actor_name = im->rq->actor_name;
	e.kind = "created";
	e.data = "{\"source\":\"import\"}";
	return store_facility_event_append(im->st, &e);
}

static enum store_status insert_training(struct importer *im)
{
	/* columns: title topic starts_on ends_on unit_code organiser place
	 * note */
	struct training_row t = {0};
	bool ok = text_cell(im, 0, true, 2, 200, &t.title);
	ok &= code_cell(im, 1, "training_topic", NULL, &t.topic);
	bool dates = date_cell(im, 2, true, false, &t.starts_on);
	dates &= date_cell(im, 3, true, false, &t.ends_on);
	if (dates && strcmp(t.ends_on, t.starts_on) < 0) {
		cell_problem(im, 3, "invalid_date",
		             "ends_on must not be before starts_on");
		dates = false;
	}
	const struct unit_row *u = unit_cell(im, 4, NULL);
	ok &= text_cell(im, 5, false, 0, 200, &t.organiser);
	ok &= text_cell(im, 6, false, 0, 200, &t.place);
	ok &= text_cell(im, 7, false, 0, 2000, &t.note);
	if (!ok || !dates || u == NULL || im->row_bad || !im->in_tx)
		return STORE_OK;
	t.title_folded = text_fold(im->scratch, t.title);
	t.project = training_topic_project(t.topic);
	t.unit_tree = u->tree;
	t.unit_code = u->code;
	t.unit_path = u->path;
	t.created_by = im->rq->user_id;
	t.created_at = t.updated_at = im->now;
	return store_training_insert(im->st, &t);
}

static enum store_status insert_communication(struct importer *im)
{
	/* columns: unit_code kind topic held_on title audience reach_male
	 * reach_female note */
	struct communication_row r = {0};
	const struct unit_row *u = unit_cell(im, 0, NULL);
	if (u != NULL && u->level != im->commune_level) {
		cell_problem(im, 0, "invalid_value",
		             "unit_code must be a commune (the lowest level of "
		             "its tree)");
		u = NULL;
	}
	bool ok = code_cell(im, 1, "communication_kind", NULL, &r.kind);
	ok &= code_cell(im, 2, "communication_topic", NULL, &r.topic);
	/* A record of what was held, as POST /communications. */
	ok &= date_cell(im, 3, true, true, &r.held_on);
	ok &= text_cell(im, 4, false, 2, 200, &r.title);
	ok &= code_cell(im, 5, "communication_audience", "general_public",
	                &r.audience);
	ok &= number_cell(im, 6, 0, 10000000, 0, &r.reach_male);
	ok &= number_cell(im, 7, 0, 10000000, 0, &r.reach_female);
	ok &= text_cell(im, 8, false, 0, 2000, &r.note);
	if (!ok || u == NULL || im->row_bad || !im->in_tx)
		return STORE_OK;
	r.unit_tree = u->tree;
	r.unit_code = u->code;
	r.unit_path = u->path;
	r.created_by = im->rq->user_id;
	r.created_at = r.updated_at = im->now;
	return store_communication_insert(im->st, &r);
}

static enum store_status insert_participant(struct importer *im)
{
	/* columns: full_name sex role agency position unit_code
	 * birth_year */
	struct participant_row p = {0};
	bool ok = text_cell(im, 0, true, 2, 200, &p.full_name);
	ok &= code_cell(im, 1, "sex", NULL, &p.sex);
	/* The indicators count women and men: a third value would be
	 * counted nowhere (participants.c). */
	if (p.sex != NULL && strcmp(p.sex, "male") != 0 &&
	    strcmp(p.sex, "female") != 0) {
		cell_problem(im, 1, "invalid_value",
		             "sex must be male or female");
		ok = false;
	}
	ok &= code_cell(im, 2, "participant_role", NULL, &p.role);
	ok &= text_cell(im, 3, false, 0, 200, &p.agency);
	ok &= text_cell(im, 4, false, 0, 200, &p.position);
	struct unit_row own = {
	    .tree = im->training.unit_tree,
	    .code = im->training.unit_code,
	    .path = im->training.unit_path,
	};
	const struct unit_row *u = unit_cell(im, 5, &own);
	int64_t year;
	ok &= number_cell(im, 6, 1900, im->this_year, 0, &year);
	if (!ok || u == NULL || im->row_bad || !im->in_tx)
		return STORE_OK;
	p.training_id = im->training.id;
	p.full_name_folded = text_fold(im->scratch, p.full_name);
	p.birth_year = (int)year;
	p.unit_tree = u->tree;
	p.unit_code = u->code;
	p.unit_path = u->path;
	p.created_by = im->rq->user_id;
	p.created_at = im->now;
	return store_participant_insert(im->st, &p);
}

typedef enum store_status (*row_fn)(struct importer *im);
static const row_fn row_fns[IMPORT_KIND__MAX] = {
    [IMPORT_FACILITIES] = insert_facility,
    [IMPORT_TRAININGS] = insert_training,
    [IMPORT_COMMUNICATIONS] = insert_communication,
    [IMPORT_PARTICIPANTS] = insert_participant,
};

/* ---- the pass over the file ------------------------------------------ */

/* Maps the header, recording every unknown, repeated or missing column.
 * false when a required column is missing (rows cannot be checked). */
static bool read_header(struct importer *im, long line, size_t n,
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
			problem(im, line, NULL, "unknown_column",
			        arena_printf(im->scratch,
			                     "unknown column '%.*s'; expected "
			                     "the columns of %s",
			                     (int)(len > 60 ? 60 : len), s,
			                     import_kind_name(im->rq->kind)));
		} else if (im->map[c] >= 0) {
			problem(im, line, im->columns[c].name, "unknown_column",
			        arena_printf(im->scratch,
			                     "column %s appears twice",
			                     im->columns[c].name));
		} else {
			im->map[c] = (int)i;
		}
	}
	bool complete = true;
	for (size_t c = 0; c < im->ncolumns; c++) {
		if (im->columns[c].required && im->map[c] < 0) {
			problem(
			    im, line, im->columns[c].name, "missing_column",
			    arena_printf(im->scratch,
			                 "the required column %s is missing",
			                 im->columns[c].name));
			complete = false;
		}
	}
	return complete;
}

/* Every IMPORT_STRIDE rows: progress, cancel, scratch memory. */
static bool stride(struct importer *im)
{
	struct import_progress *pg = im->rq->progress;
	if (pg != NULL) {
		atomic_store(&pg->rows_done, im->res->rows);
		if (atomic_load(&pg->cancel)) {
			im->cancelled = true;
			return false;
		}
	}
	if (im->rq->tick != NULL)
		im->rq->tick(im->rq->tick_ctx);
	arena_free(im->scratch);
	im->scratch = arena_new();
	return true;
}

enum { ROW_STOP = 1 };

static int on_row(void *ctx, long line, size_t n, const char *const *f)
{
	struct importer *im = ctx;
	im->last_end = line;
	for (size_t i = 0; i < n; i++)
		for (const char *p = strchr(f[i], '\n'); p != NULL;
		     p = strchr(p + 1, '\n'))
			im->last_end++;
	if (!im->header_seen) {
		im->header_seen = true;
		return read_header(im, line, n, f) ? 0 : ROW_STOP;
	}
	im->res->rows++;
	if (im->res->rows % IMPORT_STRIDE == 0 && !stride(im))
		return ROW_STOP;
	im->line = line;
	im->fields = f;
	im->row_bad = false;
	if (n != im->header_fields) {
		problem(im, line, NULL, "bad_csv",
		        arena_printf(im->scratch,
		                     "this line has %zu fields, the header %zu",
		                     n, im->header_fields));
		return 0;
	}
	/* The transaction opens with the first row of a clean file. */
	if (!im->in_tx && !im->rq->dry_run && im->problems_total == 0 &&
	    !im->store_err) {
		if (store_begin(im->st) != STORE_OK) {
			im->store_err = true;
			return ROW_STOP;
		}
		im->in_tx = true;
	}
	enum store_status st = row_fns[im->rq->kind](im);
	if (im->store_err)
		return ROW_STOP;
	if (st != STORE_OK) {
		log_error("msg=\"import insert failed\" kind=%s line=%ld",
		          import_kind_name(im->rq->kind), line);
		im->store_err = true;
		abandon_tx(im);
		return ROW_STOP;
	}
	if (im->in_tx && !im->row_bad)
		im->inserted++;
	return 0;
}

/* The one audit entry of a stored import, inside its transaction. */
static enum store_status audit_import(struct importer *im)
{
	const struct import_request *rq = im->rq;
	json_t *d = json_pack("{s:s, s:I}", "kind", import_kind_name(rq->kind),
	                      "rows", (json_int_t)im->inserted);
	if (rq->kind == IMPORT_PARTICIPANTS)
		json_object_set_new(d, "training_id",
		                    json_integer(im->training.id));
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct audit_row a = {0};
	a.at = im->now;
	a.actor_id = rq->actor_id;
	a.actor_name = rq->actor_name;
	a.action = "import";
	a.target = rq->kind == IMPORT_PARTICIPANTS
	               ? arena_printf(im->a, "training:%lld",
	                              (long long)im->training.id)
	               : NULL;
	if (rq->who != NULL && rq->who->scope_path != NULL) {
		a.unit_tree = rq->who->scope_tree;
		a.unit_path = rq->who->scope_path;
	}
	a.detail = text;
	a.ip = rq->ip;
	a.request_id = rq->request_id;
	enum store_status st = store_audit_append(im->st, &a);
	free(text);
	return st;
}

static void today_vn(struct importer *im)
{
	/* Asia/Ho_Chi_Minh is UTC+7 all year (domain/deadline.h). */
	time_t t = (time_t)(im->now + 7 * 3600);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(im->today, sizeof im->today, "%Y-%m-%d", &tm);
	im->this_year = tm.tm_year + 1900;
}

/* Parses the "line N: …" of csvfile's error message. */
static long error_line(const char *err)
{
	if (err != NULL && strncmp(err, "line ", 5) == 0)
		return strtol(err + 5, NULL, 10);
	return 1;
}

enum import_outcome import_run(struct store *st, struct arena *a,
                               const struct import_request *rq,
                               struct import_result *out)
{
	assert(st != NULL && a != NULL && rq != NULL && out != NULL);
	assert((int)rq->kind >= 0 && rq->kind < IMPORT_KIND__MAX);
	memset(out, 0, sizeof *out);
	out->problems =
	    arena_alloc(a, IMPORT_MAX_PROBLEMS * sizeof *out->problems);
	struct importer im = {0};
	im.st = st;
	im.a = a;
	im.scratch = arena_new();
	im.rq = rq;
	im.res = out;
	im.tree = rq->tree;
	im.now = time_now();
	today_vn(&im);
	im.columns = import_columns(rq->kind, &im.ncolumns);
	im.units = arena_alloc(a, UNIT_CACHE_SLOTS * sizeof *im.units);

	if (rq->kind == IMPORT_PARTICIPANTS) {
		enum store_status s =
		    store_training_get(st, a, rq->training_id, &im.training);
		if (s == STORE_ERROR) {
			out->outcome = IMPORT_FAILED;
			goto out;
		}
		if (s != STORE_OK ||
		    (rq->who != NULL &&
		     !access_sees(rq->who, im.training.unit_tree,
		                  im.training.unit_path))) {
			out->outcome = IMPORT_NO_TRAINING;
			goto out;
		}
		im.tree = im.training.unit_tree;
	}
	assert(im.tree != NULL);
	im.commune_level = unit_commune_level(im.tree);

	long lines = 0;
	if (!check_encoding(&im, rq->data, rq->len, &lines)) {
		out->outcome = IMPORT_PROBLEMS;
		goto out;
	}
	if (rq->progress != NULL)
		atomic_store(&rq->progress->rows_total,
		             lines > 1 ? lines - 1 : 0);

	char *err = NULL;
	int rc = csvfile_parse(rq->data, rq->len, on_row, &im, &err);
	if (rc < 0) {
		/* Unterminated quote, stray quote: libcsv names no cause we
		 * could translate better.  A quote left open runs to the end
		 * of the file, where libcsv notices: the row that opened it
		 * is the one after the last complete row. */
		long at = error_line(err);
		if (at >= lines)
			at = im.last_end + 1;
		problem(&im, at, NULL, "bad_csv",
		        "the line is not valid CSV (a quote is unbalanced or "
		        "stray)");
	}
	free(err);
	if (!im.header_seen)
		read_header(&im, 1, 0, NULL);

	if (im.cancelled) {
		abandon_tx(&im);
		out->outcome = IMPORT_CANCELLED;
	} else if (im.store_err) {
		abandon_tx(&im);
		out->outcome = IMPORT_FAILED;
	} else if (im.problems_total > 0) {
		abandon_tx(&im);
		out->outcome = IMPORT_PROBLEMS;
	} else if (im.in_tx) {
		/* Last look at the flag: a cancel during the last stride
		 * still leaves nothing. */
		if (rq->progress != NULL &&
		    atomic_load(&rq->progress->cancel)) {
			abandon_tx(&im);
			out->outcome = IMPORT_CANCELLED;
		} else if (audit_import(&im) != STORE_OK ||
		           store_commit(st) != STORE_OK) {
			im.in_tx = true;
			abandon_tx(&im);
			out->outcome = IMPORT_FAILED;
		} else {
			im.in_tx = false;
			out->stored = im.inserted;
			out->outcome = IMPORT_DONE;
		}
	} else {
		out->outcome = IMPORT_DONE; /* dry run, or no rows */
	}
out:
	if (rq->progress != NULL) {
		atomic_store(&rq->progress->rows_done, out->rows);
		if (out->outcome != IMPORT_CANCELLED)
			atomic_store(&rq->progress->rows_total, out->rows);
	}
	arena_free(im.scratch);
	return out->outcome;
}

json_t *import_problems_json(const struct import_result *r)
{
	json_t *list = json_array();
	for (size_t i = 0; i < r->n_problems; i++) {
		const struct import_problem *p = &r->problems[i];
		json_array_append_new(
		    list, json_pack("{s:I, s:s?, s:s, s:s}", "line",
		                    (json_int_t)p->line, "column", p->column,
		                    "code", p->code, "message", p->message));
	}
	return list;
}
