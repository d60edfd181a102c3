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
#include <pthread.h>
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

/* Rows handed from the checking thread to the storing one. */
#define BATCH_ROWS  512
#define QUEUE_DEPTH 4

/* Problems found by one of the two threads (each keeps its own list;
 * they are merged by line at the end). */
struct problem_list {
	struct arena *a;
	struct import_problem *items; /* at most IMPORT_MAX_PROBLEMS */
	size_t n;
	long total;
};

/* One checked row waiting for its unit and the store. */
struct pending {
	long line;
	bool ok;          /* every cell but the unit is valid */
	const char *unit; /* the unit_code cell, "" when empty */
	union {
		struct facility_row f;
		struct training_row t;
		struct communication_row c;
		struct participant_row p;
	} r;
};

struct batch {
	struct arena *arena; /* the rows' text; freed once stored */
	size_t n;
	struct batch *next;
	struct pending rows[BATCH_ROWS];
};

struct importer {
	const struct import_request *rq;
	struct import_result *res;
	const char *tree; /* of unit_code cells */
	int commune_level;
	struct training_row training; /* participants */
	int64_t now;
	char today[NET_DATE_MAX];
	int this_year;
	const struct import_column *columns;
	size_t ncolumns;
	int unit_col; /* the unit_code column of the kind */

	/* ---- the checking thread (libcsv, cells) ---- */
	struct problem_list checked; /* in the caller's arena */
	struct arena *scratch;       /* the current batch's arena */
	struct batch *batch;         /* being filled */
	bool header_seen;
	size_t header_fields;
	int map[IMPORT_MAX_COLUMNS]; /* column → index in the row, -1 */
	struct code_memo memo[IMPORT_MAX_COLUMNS];
	long line;     /* the row being checked */
	long last_end; /* last line of the last complete row */
	const char *const *fields;
	bool row_bad;
	bool check_cancelled; /* saw the cancel flag */

	/* ---- the storing thread (the caller: units, store) ---- */
	struct store *st;
	struct problem_list stored; /* in its own arena */
	struct unit_slot *units;    /* UNIT_CACHE_SLOTS */
	size_t units_used;
	bool in_tx;     /* the import's transaction is open */
	bool store_err; /* a store call failed: nothing more is stored */
	bool cancelled; /* saw the cancel flag */
	long inserted;
	long done; /* rows handled */

	/* ---- shared ---- */
	atomic_bool any_problem; /* nothing will be stored */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *head, *tail; /* checked, not yet stored */
	int queued;
	bool finished; /* the checking thread has queued its last batch */
	bool stop;     /* the storing thread gave up: stop checking */
};

/* ---- problems -------------------------------------------------------- */

static void add_problem(struct problem_list *l, long line, const char *column,
                        const char *code, const char *message)
{
	l->total++;
	if (l->n >= IMPORT_MAX_PROBLEMS)
		return;
	struct import_problem *p = &l->items[l->n++];
	p->line = line;
	p->column = column;
	p->code = code;
	p->message = arena_strdup(l->a, message);
}

/* A problem of the checking thread (header, encoding, cells). */
static void problem(struct importer *im, long line, const char *column,
                    const char *code, const char *message)
{
	im->row_bad = true;
	atomic_store(&im->any_problem, true);
	add_problem(&im->checked, line, column, code, message);
}

static void cell_problem(struct importer *im, int col, const char *code,
                         const char *message)
{
	problem(im, im->line, im->columns[col].name, code, message);
}

static void abandon_tx(struct importer *im)
{
	if (im->in_tx) {
		store_rollback(im->st);
		im->in_tx = false;
	}
}

static int column_index(const struct importer *im, const char *column)
{
	for (size_t c = 0; column != NULL && c < im->ncolumns; c++)
		if (im->columns[c].name == column)
			return (int)c;
	return -1;
}

/* Both lists, each in line order, merged by line then column into out
 * (the first IMPORT_MAX_PROBLEMS of all). */
static void merge_problems(const struct importer *im, struct import_result *out)
{
	const struct problem_list *a = &im->checked, *b = &im->stored;
	size_t i = 0, k = 0;
	while ((i < a->n || k < b->n) &&
	       out->n_problems < IMPORT_MAX_PROBLEMS) {
		bool take_a = k >= b->n;
		if (i < a->n && k < b->n) {
			const struct import_problem *x = &a->items[i],
			                            *y = &b->items[k];
			take_a = x->line < y->line ||
			         (x->line == y->line &&
			          column_index(im, x->column) <=
			              column_index(im, y->column));
		}
		out->problems[out->n_problems++] =
		    take_a ? a->items[i++] : b->items[k++];
	}
	out->truncated = a->total + b->total > (long)out->n_problems;
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

/* Newlines in the n bytes at s (memchr is vectorised by libc). */
static long count_lines(const char *s, size_t n)
{
	long lines = 0;
	const char *end = s + n;
	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		lines++;
		s++;
	}
	return lines;
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
	size_t i = 0;
	while (i < len) {
		/* ASCII without NUL, 8 bytes at a time: the common case. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) != 0 ||
			    ((w - 0x0101010101010101ULL) & ~w &
			     0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = utf8_seq(s + i, len - i);
		if (n == 0) {
			problem(im, 1 + count_lines(data, i), NULL, "encoding",
			        "The file is not UTF-8 from this line on; save "
			        "it as CSV UTF-8");
			return false;
		}
		i += n;
	}
	*lines = 1 + count_lines(data, len);
	return true;
}

/* ---- cells ----------------------------------------------------------- */

/* The cell of column col, trimmed, in the batch's arena; "" when empty
 * or the column is absent.  The apostrophe exports.c puts before a cell
 * starting with = + - or @ (against formulas in spreadsheets) is
 * dropped. */
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
	if (n - b >= 2 && s[b] == '\'' && strchr("=+-@", s[b + 1]) != NULL)
		b++;
	/* A copy: the row is stored after libcsv has moved on. */
	return b == n ? "" : arena_strndup(im->scratch, s + b, n - b);
}

/* ---- fast paths for Latin text --------------------------------------
 *
 * utf8proc was most of an import's time (bench/import): every name was
 * normalised and folded through it.  Vietnamese typed on a keyboard is
 * precomposed Latin, and for code points below U+0300 and in Latin
 * Extended Additional (U+1E00–U+1EFF) — none a combining mark, none with
 * NFC_QC No or Maybe — the text is already NFC, and text_fold works code
 * point by code point (decompose, strip marks, case fold; nothing
 * composes back).  So the fold of each such code point is taken once
 * from text_fold itself (between two letters, so that its space handling
 * is the same) and strings made only of them are folded by table,
 * whitespace collapsed as text_fold does.  Anything else (combining
 * marks, other scripts, symbols) goes through lib/fold.c unchanged. */

#define FAST_FOLD_MAX 8 /* bytes of one code point's fold */

struct fast_fold {
	char s[FAST_FOLD_MAX];
	unsigned char n;
	bool ok;
};
static struct fast_fold fold_latin[0x300];    /* U+0000–U+02FF */
static struct fast_fold fold_extended[0x100]; /* U+1E00–U+1EFF */
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void put_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xE0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static void fold_entry(struct arena *a, uint32_t cp, struct fast_fold *e)
{
	char in[8];
	size_t n = 0;
	in[n++] = 'a';
	put_utf8(in, &n, cp);
	in[n++] = 'a';
	in[n] = '\0';
	const char *f = text_fold(a, in);
	size_t len = f ? strlen(f) : 0;
	if (len < 2 || f[0] != 'a' || f[len - 1] != 'a' ||
	    len - 2 > FAST_FOLD_MAX)
		return;
	memcpy(e->s, f + 1, len - 2);
	e->n = (unsigned char)(len - 2);
	e->ok = true;
}

static void fold_tables_build(void)
{
	struct arena *a = arena_new();
	/* Controls have no entry: cells holding one are refused first,
	 * and \t \n \r are whitespace to fast_fold. */
	for (uint32_t cp = 0x20; cp < 0x7F; cp++)
		fold_entry(a, cp, &fold_latin[cp]);
	for (uint32_t cp = 0xA0; cp < 0x300; cp++)
		fold_entry(a, cp, &fold_latin[cp]);
	for (uint32_t cp = 0; cp < 0x100; cp++)
		fold_entry(a, 0x1E00 + cp, &fold_extended[cp]);
	arena_free(a);
}

/* The table entry of the code point at *p (advanced past it), or NULL
 * when it has none: then the slow path decides. */
static const struct fast_fold *fast_entry(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;
	if (s[0] < 0x80) {
		cp = s[0];
		*p = s + 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		*p = s + 2;
	} else if ((s[0] & 0xF0) == 0xE0) {
		cp = ((uint32_t)(s[0] & 0x0F) << 12) |
		     ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		*p = s + 3;
		if (cp >= 0x1E00 && cp <= 0x1EFF &&
		    fold_extended[cp - 0x1E00].ok)
			return &fold_extended[cp - 0x1E00];
		return NULL;
	} else {
		return NULL;
	}
	return cp < 0x300 && fold_latin[cp].ok ? &fold_latin[cp] : NULL;
}

/* text_fold of s by table; NULL when s holds a code point the tables do
 * not have.  s is valid UTF-8 (checked for the whole file). */
static char *fast_fold(struct arena *a, const char *s)
{
	pthread_once(&fold_once, fold_tables_build);
	/* A code point of 2 or 3 bytes folds to at most FAST_FOLD_MAX. */
	char *out = arena_alloc(a, strlen(s) * (FAST_FOLD_MAX / 2) + 1);
	char *w = out;
	bool pending = false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p != '\0') {
		const struct fast_fold *e;
		char c1[1];
		const char *bytes;
		size_t n;
		if (*p < 0x80) {
			c1[0] =
			    fold_latin[*p].ok ? fold_latin[*p].s[0] : (char)*p;
			p++;
			bytes = c1;
			n = 1;
		} else {
			if ((e = fast_entry(&p)) == NULL)
				return NULL;
			bytes = e->s;
			n = e->n;
		}
		for (size_t i = 0; i < n; i++) {
			char c = bytes[i];
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			    c == '\f' || c == '\v') {
				pending = w != out;
				continue;
			}
			if (pending)
				*w++ = ' ';
			pending = false;
			*w++ = c;
		}
	}
	*w = '\0';
	return out;
}

/* The folded search key of NFC text s (text_fold, faster when it can). */
static const char *fold_text(struct arena *a, const char *s)
{
	char *f = fast_fold(a, s);
	return f != NULL ? f : text_fold(a, s);
}

/* One pass over valid UTF-8 s: its length in code points, whether it
 * holds a control character other than \t \n \r (C0, DEL or C1, as
 * text_valid refuses), and whether every code point is in the fold tables (then
 * it is NFC). */
static void scan_text(const char *s, size_t *chars, bool *control, bool *fast)
{
	pthread_once(&fold_once, fold_tables_build);
	size_t n = 0;
	bool ctl = false, quick = true;
	const unsigned char *p = (const unsigned char *)s;
	while (*p != '\0') {
		n++;
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\t' && *p != '\n' &&
			     *p != '\r') ||
			    *p == 0x7F)
				ctl = true;
			p++;
			continue;
		}
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			ctl = true;
		const unsigned char *q = p;
		if (quick && fast_entry(&q) != NULL) {
			p = q;
			continue;
		}
		quick = false;
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	*chars = n;
	*control = ctl;
	*fast = quick;
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
	size_t n;
	bool control, fast;
	scan_text(s, &n, &control, &fast);
	if (control) {
		cell_problem(im, col, "invalid_value",
		             "contains control characters");
		return false;
	}
	const char *t = s;
	if (!fast) {
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

/* The unit of a unit_code cell (storing thread), looked up once per
 * import; NULL (and a problem) when unknown or out of the caller's scope.
 * Empty: dflt (NULL: required). */
static const struct unit_row *unit_of(struct importer *im, long line,
                                      const char *s,
                                      const struct unit_row *dflt)
{
	const char *column = im->columns[im->unit_col].name;
	if (*s == '\0') {
		if (dflt == NULL) {
			atomic_store(&im->any_problem, true);
			add_problem(&im->stored, line, column, "required",
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
		add_problem(&im->stored, line, column, "unknown_unit",
		            arena_printf(im->stored.a,
		                         "no unit with this code in tree %s",
		                         im->tree));
		return NULL;
	}
	if (im->rq->who != NULL &&
	    !access_sees(im->rq->who, u->tree, u->path)) {
		atomic_store(&im->any_problem, true);
		add_problem(&im->stored, line, column, "out_of_scope",
		            "the unit is outside your scope");
		return NULL;
	}
	return u;
}

/* ---- rows of each kind -----------------------------------------------
 *
 * check_*: the checking thread, every cell but the unit (pure: no store).
 * store_*: the storing thread, the row with its unit, into the store. */

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
		f->name_folded = fold_text(im->scratch, f->name);
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
		t->title_folded = fold_text(im->scratch, t->title);
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
	return store_training_insert(im->st, t);
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
	return store_communication_insert(im->st, r);
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
		p->full_name_folded = fold_text(im->scratch, p->full_name);
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
	return store_participant_insert(im->st, p);
}

static const struct {
	bool (*check)(struct importer *im, struct pending *pr);
	enum store_status (*store)(struct importer *im, struct pending *pr,
	                           const struct unit_row *u);
	int unit_col;
} kinds[IMPORT_KIND__MAX] = {
    [IMPORT_FACILITIES] = {check_facility, store_facility, 3},
    [IMPORT_TRAININGS] = {check_training, store_training, 4},
    [IMPORT_COMMUNICATIONS] = {check_communication, store_communication, 0},
    [IMPORT_PARTICIPANTS] = {check_participant, store_participant, 5},
};

/* ---- the checking thread --------------------------------------------- */

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

static struct batch *batch_new(void)
{
	struct arena *a = arena_new();
	struct batch *b = arena_alloc(a, sizeof *b);
	b->arena = a;
	return b;
}

/* Queues the batch being filled (none when empty) and starts another;
 * false when the storing thread has stopped. */
static bool hand_over(struct importer *im, bool last)
{
	struct batch *b = im->batch;
	pthread_mutex_lock(&im->mu);
	while (im->queued >= QUEUE_DEPTH && !im->stop)
		pthread_cond_wait(&im->cv, &im->mu);
	bool go_on = !im->stop;
	if (go_on && b->n > 0) {
		if (im->tail != NULL)
			im->tail->next = b;
		else
			im->head = b;
		im->tail = b;
		im->queued++;
		b = NULL;
	}
	if (last || !go_on)
		im->finished = true;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
	if (b != NULL)
		arena_free(b->arena);
	im->batch = NULL;
	im->scratch = NULL;
	if (!last && go_on) {
		im->batch = batch_new();
		im->scratch = im->batch->arena;
	}
	return go_on;
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
	if (im->batch->n == BATCH_ROWS) {
		struct import_progress *pg = im->rq->progress;
		if (pg != NULL && atomic_load(&pg->cancel)) {
			im->check_cancelled = true;
			return ROW_STOP;
		}
		if (!hand_over(im, false))
			return ROW_STOP;
	}
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
	struct pending *pr = &im->batch->rows[im->batch->n++];
	memset(pr, 0, sizeof *pr);
	pr->line = line;
	pr->unit = cell(im, im->unit_col);
	pr->ok = kinds[im->rq->kind].check(im, pr) && !im->row_bad;
	return 0;
}

/* The checking thread: libcsv over the file, rows queued in batches. */
static void *check_main(void *arg)
{
	struct importer *im = arg;
	char *err = NULL;
	int rc = csvfile_parse(im->rq->data, im->rq->len, on_row, im, &err);
	if (rc < 0) {
		/* Unterminated quote, stray quote: libcsv names no cause we
		 * could translate better.  A quote left open runs to the end
		 * of the file, where libcsv notices: the row that opened it
		 * is the one after the last complete row. */
		long at = err != NULL && strncmp(err, "line ", 5) == 0
		              ? strtol(err + 5, NULL, 10)
		              : 1;
		long lines = 1 + count_lines(im->rq->data, im->rq->len);
		if (at >= lines)
			at = im->last_end + 1;
		problem(im, at, NULL, "bad_csv",
		        "the line is not valid CSV (a quote is unbalanced or "
		        "stray)");
	}
	free(err);
	if (!im->header_seen)
		read_header(im, 1, 0, NULL);
	if (im->batch != NULL)
		hand_over(im, true);
	return NULL;
}

/* ---- the storing thread ---------------------------------------------- */

static struct batch *take_batch(struct importer *im)
{
	pthread_mutex_lock(&im->mu);
	while (im->head == NULL && !im->finished)
		pthread_cond_wait(&im->cv, &im->mu);
	struct batch *b = im->head;
	if (b != NULL) {
		im->head = b->next;
		if (im->head == NULL)
			im->tail = NULL;
		im->queued--;
		pthread_cond_broadcast(&im->cv);
	}
	pthread_mutex_unlock(&im->mu);
	return b;
}

/* Tells the checking thread to stop (a store error, a cancel). */
static void stop_checking(struct importer *im)
{
	pthread_mutex_lock(&im->mu);
	im->stop = true;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
}

/* Units, then the store, for every row of b. */
static void store_batch(struct importer *im, struct batch *b)
{
	for (size_t i = 0; i < b->n && !im->store_err; i++) {
		struct pending *pr = &b->rows[i];
		const struct unit_row *dflt = NULL;
		struct unit_row own;
		if (im->rq->kind == IMPORT_PARTICIPANTS) {
			/* A participant's unit defaults to the training's. */
			own = (struct unit_row){.tree = im->training.unit_tree,
			                        .code = im->training.unit_code,
			                        .path = im->training.unit_path};
			dflt = &own;
		}
		const struct unit_row *u =
		    unit_of(im, pr->line, pr->unit, dflt);
		if (u != NULL && im->rq->kind == IMPORT_COMMUNICATIONS &&
		    u->level != im->commune_level) {
			atomic_store(&im->any_problem, true);
			add_problem(&im->stored, pr->line,
			            im->columns[im->unit_col].name,
			            "invalid_value",
			            "unit_code must be a commune (the lowest "
			            "level of its tree)");
			u = NULL;
		}
		if (im->store_err || u == NULL || !pr->ok)
			continue;
		/* Nothing of a file with a problem is ever kept. */
		if (atomic_load(&im->any_problem) || im->rq->dry_run) {
			abandon_tx(im);
			continue;
		}
		if (!im->in_tx) {
			if (im->inserted > 0 ||
			    store_begin(im->st) != STORE_OK) {
				im->store_err = true;
				break;
			}
			im->in_tx = true;
		}
		if (kinds[im->rq->kind].store(im, pr, u) != STORE_OK) {
			log_error("msg=\"import insert failed\" kind=%s "
			          "line=%ld",
			          import_kind_name(im->rq->kind), pr->line);
			im->store_err = true;
			break;
		}
		im->inserted++;
	}
	im->done += (long)b->n;
}

/* The one audit entry of a stored import, inside its transaction. */
static enum store_status audit_import(struct importer *im, struct arena *a)
{
	const struct import_request *rq = im->rq;
	json_t *d = json_pack("{s:s, s:I}", "kind", import_kind_name(rq->kind),
	                      "rows", (json_int_t)im->inserted);
	if (rq->kind == IMPORT_PARTICIPANTS)
		json_object_set_new(d, "training_id",
		                    json_integer(im->training.id));
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct audit_row e = {0};
	e.at = im->now;
	e.actor_id = rq->actor_id;
	e.actor_name = rq->actor_name;
	e.action = "import";
	e.target =
	    rq->kind == IMPORT_PARTICIPANTS
	        ? arena_printf(a, "training:%lld", (long long)im->training.id)
	        : NULL;
	if (rq->who != NULL && rq->who->scope_path != NULL) {
		e.unit_tree = rq->who->scope_tree;
		e.unit_path = rq->who->scope_path;
	}
	e.detail = text;
	e.ip = rq->ip;
	e.request_id = rq->request_id;
	enum store_status st = store_audit_append(im->st, &e);
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

static void free_arena(void *p)
{
	arena_free(p);
}

/* Checks and stores in two threads: libcsv and the cells (a third of the
 * time) on a thread of its own, overlapping the inserts on this one,
 * which owns the store connection (bench/import). */
static void pipeline(struct importer *im)
{
	const struct import_request *rq = im->rq;
	im->batch = batch_new();
	im->scratch = im->batch->arena;
	pthread_t checker;
	if (pthread_create(&checker, NULL, check_main, im) != 0) {
		log_error("msg=\"import thread not started\"");
		arena_free(im->batch->arena);
		im->store_err = true;
		return;
	}
	bool stopped = false;
	struct batch *b;
	while ((b = take_batch(im)) != NULL) {
		if (!stopped) {
			if (rq->progress != NULL &&
			    atomic_load(&rq->progress->cancel))
				im->cancelled = true;
			else
				store_batch(im, b);
			if (im->cancelled || im->store_err) {
				stopped = true;
				stop_checking(im);
			}
			if (rq->progress != NULL)
				atomic_store(&rq->progress->rows_done,
				             im->done);
			if (rq->tick != NULL)
				rq->tick(rq->tick_ctx);
		}
		arena_free(b->arena);
	}
	pthread_join(checker, NULL);
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
	im.rq = rq;
	im.res = out;
	im.tree = rq->tree;
	im.now = time_now();
	today_vn(&im);
	im.columns = import_columns(rq->kind, &im.ncolumns);
	im.unit_col = kinds[rq->kind].unit_col;
	im.checked.a = a;
	im.checked.items =
	    arena_alloc(a, IMPORT_MAX_PROBLEMS * sizeof *im.checked.items);
	im.stored.a = arena_new();
	arena_defer(a, free_arena, im.stored.a);
	im.stored.items = arena_alloc(im.stored.a, IMPORT_MAX_PROBLEMS *
	                                               sizeof *im.stored.items);
	im.units =
	    arena_alloc(im.stored.a, UNIT_CACHE_SLOTS * sizeof *im.units);
	atomic_init(&im.any_problem, false);
	pthread_mutex_init(&im.mu, NULL);
	pthread_cond_init(&im.cv, NULL);
	struct arena *scratch = arena_new();
	im.scratch = scratch; /* until the batches start */

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
	pipeline(&im);

	if (im.cancelled ||
	    (rq->progress != NULL && atomic_load(&rq->progress->cancel))) {
		/* A cancel at any point, the last batch included, leaves
		 * nothing. */
		im.cancelled = true;
		out->outcome = IMPORT_CANCELLED;
	} else if (im.store_err) {
		out->outcome = IMPORT_FAILED;
	} else if (im.checked.total + im.stored.total > 0) {
		out->outcome = IMPORT_PROBLEMS;
	} else if (im.in_tx) {
		if (audit_import(&im, a) != STORE_OK ||
		    store_commit(st) != STORE_OK) {
			out->outcome = IMPORT_FAILED;
		} else {
			im.in_tx = false;
			out->stored = im.inserted;
			out->outcome = IMPORT_DONE;
		}
	} else {
		out->outcome = IMPORT_DONE; /* dry run, or no rows */
	}
	abandon_tx(&im);
out:
	merge_problems(&im, out);
	if (rq->progress != NULL) {
		atomic_store(&rq->progress->rows_done, out->rows);
		if (out->outcome != IMPORT_CANCELLED)
			atomic_store(&rq->progress->rows_total, out->rows);
	}
	pthread_mutex_destroy(&im.mu);
	pthread_cond_destroy(&im.cv);
	arena_free(scratch);
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
