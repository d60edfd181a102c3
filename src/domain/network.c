/*
 * network.c — the rules of the service network; see network.h and
 * docs/network.md.
 *
 * Everything here is pure and table-driven: facility kinds come from the
 * facility_type code prefix, training projects from one table, import
 * columns from one table per kind.  The only state is a cache of folded
 * code-list labels, built once (pthread_once) because an import of
 * 100 000 participants would otherwise fold every label of a list for
 * every cell.
 */
#include "domain/network.h"

#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- facilities ------------------------------------------------------ */

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *facility_kind_of(const char *type)
{
	if (type == NULL || !codes_has("facility_type", type))
		return NULL;
	if (has_prefix(type, "fac_"))
		return "facility";
	if (has_prefix(type, "sp_"))
		return "service_point";
	if (has_prefix(type, "model_"))
		return "model";
	return NULL;
}

bool facility_needs_override(int64_t residents, int64_t capacity)
{
	/* No capacity on record means nobody vouched for a free bed. */
	return capacity <= 0 || residents >= capacity;
}

bool facility_occupancy(int64_t residents, int64_t capacity, double *out)
{
	assert(out != NULL);
	if (capacity <= 0)
		return false;
	*out = (double)residents / (double)capacity;
	return true;
}

static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	return s[strspn(s, " \t\r\n")] == '\0';
}

bool facility_licence_missing(const char *kind, const char *licence_no)
{
	return kind != NULL && strcmp(kind, "facility") == 0 &&
	       blank(licence_no);
}

/* ---- dates ----------------------------------------------------------- */

#define YEAR_MIN 1900
#define YEAR_MAX 2100

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads between min and max digits at *s into *v, advancing *s. */
static bool read_digits(const char **s, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && is_digit((*s)[n])) {
		x = x * 10 + ((*s)[n] - '0');
		n++;
	}
	if (n < min || is_digit((*s)[n]))
		return false;
	*s += n;
	*v = x;
	return true;
}

static int date_write(int y, int m, int d, char out[NET_DATE_MAX])
{
	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return -1;
	/* By hand: the ranges above make it fit, which snprintf's
	 * truncation warning cannot see. */
	const int parts[3] = {y, m, d};
	const int widths[3] = {4, 2, 2};
	char *w = out;
	for (int p = 0; p < 3; p++) {
		if (p > 0)
			*w++ = '-';
		for (int i = widths[p] - 1, v = parts[p]; i >= 0; i--, v /= 10)
			w[i] = (char)('0' + v % 10);
		w += widths[p];
	}
	*w = '\0';
	return 0;
}

/* Strict "YYYY-MM-DD" (the API's and the store's form). */
static bool iso_fields(const char *s, int *y, int *m, int *d)
{
	return read_digits(&s, 4, 4, y) && *s++ == '-' &&
	       read_digits(&s, 2, 2, m) && *s++ == '-' &&
	       read_digits(&s, 2, 2, d) && *s == '\0';
}

/* "D/M/YYYY" as Vietnamese spreadsheets write it (day first). */
static bool vn_fields(const char *s, int *y, int *m, int *d)
{
	return read_digits(&s, 1, 2, d) && *s++ == '/' &&
	       read_digits(&s, 1, 2, m) && *s++ == '/' &&
	       read_digits(&s, 4, 4, y) && *s == '\0';
}

int net_date_parse(const char *s, char out[NET_DATE_MAX])
{
	assert(out != NULL);
	if (s == NULL)
		return -1;
	int y, m, d;
	if (!iso_fields(s, &y, &m, &d) && !vn_fields(s, &y, &m, &d))
		return -1;
	return date_write(y, m, d, out);
}

int net_date_add_months(const char *date, int months, char out[NET_DATE_MAX])
{
	assert(out != NULL);
	int y, m, d;
	if (date == NULL || !iso_fields(date, &y, &m, &d) ||
	    date_write(y, m, d, out) != 0)
		return -1;
	/* Months counted from year 0 so negative steps floor correctly. */
	long total = (long)y * 12 + (m - 1) + months;
	if (total < (long)YEAR_MIN * 12 || total >= (long)(YEAR_MAX + 1) * 12)
		return -1;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_write(y, m, d, out);
}

/* ---- placements ------------------------------------------------------ */

static bool str_is(const char *s, const char *v)
{
	return s != NULL && strcmp(s, v) == 0;
}

enum placement_problem placement_check(const struct placement_facts *f)
{
	assert(f != NULL);
	bool kinship = str_is(f->form, "kinship_care");
	bool foster = str_is(f->form, "foster_non_kin");
	if ((kinship || foster) && f->carer_kind == NULL)
		return PLACEMENT_CARER_REQUIRED;
	if ((kinship && !str_is(f->carer_kind, "kin")) ||
	    (foster && !str_is(f->carer_kind, "non_kin")))
		return PLACEMENT_CARER_KIND;
	if (str_is(f->form, "residential_care") && !f->has_facility)
		return PLACEMENT_FACILITY_REQUIRED;
	/* Only birth years are known: a carer is taken to be the age they
	 * reach during the start year (the benefit of the doubt). */
	if (str_is(f->carer_kind, "kin") && f->carer_birth_year > 0 &&
	    f->start_year > 0 && f->start_year - f->carer_birth_year < 18)
		return PLACEMENT_CARER_TOO_YOUNG;
	if (str_is(f->carer_kind, "non_kin") && f->carer_birth_year > 0 &&
	    f->child_birth_year > 0 &&
	    f->child_birth_year - f->carer_birth_year < 20)
		return PLACEMENT_AGE_GAP;
	return PLACEMENT_OK;
}

/* ---- trainings and communications ------------------------------------ */

/* Projects 1 social work and assistance, 2 child protection, 3 gender
 * equality, 4 social evils (drugs, prostitution, trafficking).  `other`
 * counts under project 1, the social work project that every other
 * training of the workforce falls under. */
static const struct {
	const char *topic;
	int project;
} topic_projects[] = {
    {"sw_skills", 1},
    {"facility_management", 1},
    {"pwd_care_rehab", 1},
    {"child_protection", 2},
    {"ge_knowledge", 3},
    {"ge_leadership", 3},
    {"gbv_response", 3},
    {"drug_rehab_treatment", 4},
    {"sex_work_support", 4},
    {"trafficking_support", 4},
    {"other", 1},
};

int training_topic_project(const char *topic)
{
	if (topic == NULL)
		return 0;
	for (size_t i = 0; i < N(topic_projects); i++)
		if (strcmp(topic_projects[i].topic, topic) == 0)
			return topic_projects[i].project;
	return 0;
}

int unit_commune_level(const char *tree)
{
	if (str_is(tree, "2024"))
		return 3;
	if (str_is(tree, "2025"))
		return 2;
	return 0;
}

/* ---- CSV cells ------------------------------------------------------- */

struct folded_entry {
	const char *vi;
	const char *en;
};

static pthread_once_t folded_once = PTHREAD_ONCE_INIT;
static struct folded_entry **folded; /* [list][entry], lists as code_lists */
/* Lives as long as the process; kept so leak checkers see it reachable. */
static struct arena *folded_arena;

/* Folds every label once. */
static void folded_build(void)
{
	struct arena *a = folded_arena = arena_new();
	folded = arena_alloc(a, code_lists_count * sizeof(*folded));
	for (size_t i = 0; i < code_lists_count; i++) {
		const struct code_list *l = &code_lists[i];
		folded[i] = arena_alloc(a, l->n * sizeof(**folded));
		for (size_t k = 0; k < l->n; k++) {
			folded[i][k].vi = text_fold(a, l->items[k].vi);
			folded[i][k].en = text_fold(a, l->items[k].en);
		}
	}
}

const char *net_code_of(struct arena *a, const char *list, const char *cell)
{
	assert(a != NULL);
	const struct code_list *l = codes_list(list);
	if (l == NULL || cell == NULL)
		return NULL;
	for (size_t k = 0; k < l->n; k++)
		if (strcmp(l->items[k].code, cell) == 0)
			return l->items[k].code;
	const char *key = text_fold(a, cell);
	if (key == NULL || key[0] == '\0')
		return NULL;
	pthread_once(&folded_once, folded_build);
	const struct folded_entry *fl = folded[l - code_lists];
	/* Codes first, then Vietnamese, then English labels: a code never
	 * loses to another entry's label. */
	for (size_t k = 0; k < l->n; k++)
		if (strcmp(l->items[k].code, key) == 0)
			return l->items[k].code;
	for (size_t k = 0; k < l->n; k++)
		if (str_is(fl[k].vi, key))
			return l->items[k].code;
	for (size_t k = 0; k < l->n; k++)
		if (str_is(fl[k].en, key))
			return l->items[k].code;
	return NULL;
}

int64_t net_count_parse(const char *cell, int64_t max)
{
	if (cell == NULL || max < 0)
		return -1;
	const char *s = cell;
	int64_t v = 0;
	size_t lead = strspn(s, "0123456789");
	/* Grouped: 1–3 digits, then groups of exactly three after dots. */
	bool grouped = s[lead] == '.';
	if (lead == 0 || (grouped && lead > 3))
		return -1;
	for (;;) {
		size_t n = strspn(s, "0123456789");
		for (size_t i = 0; i < n; i++) {
			int digit = s[i] - '0';
			if (v > max / 10 || (v == max / 10 && digit > max % 10))
				return -1;
			v = v * 10 + digit;
		}
		s += n;
		if (*s == '\0')
			return v;
		if (*s != '.' || strspn(s + 1, "0123456789") != 3)
			return -1;
		s++;
	}
}

/* ---- CSV imports ----------------------------------------------------- */

static const char *const import_kind_names[IMPORT_KIND__MAX] = {
    [IMPORT_FACILITIES] = "facilities",
    [IMPORT_TRAININGS] = "trainings",
    [IMPORT_COMMUNICATIONS] = "communications",
    [IMPORT_PARTICIPANTS] = "participants",
};

const char *import_kind_name(enum import_kind k)
{
	return (int)k >= 0 && k < IMPORT_KIND__MAX ? import_kind_names[k]
	                                           : NULL;
}

int import_kind_parse(const char *name, enum import_kind *out)
{
	assert(out != NULL);
	if (name == NULL)
		return -1;
	for (int k = 0; k < IMPORT_KIND__MAX; k++) {
		if (strcmp(import_kind_names[k], name) == 0) {
			*out = (enum import_kind)k;
			return 0;
		}
	}
	return -1;
}

/* docs/network.md §CSV import, in export order. */
static const struct import_column facility_columns[] = {
    {"name", true},          {"type", true},
    {"ownership", true},     {"unit_code", true},
    {"capacity", false},     {"licence_no", false},
    {"licence_date", false}, {"licence_issuer", false},
    {"address", false},      {"phone", false},
    {"started_on", false},   {"status", false},
    {"note", false},
};

static const struct import_column training_columns[] = {
    {"title", true},   {"topic", true},     {"starts_on", true},
    {"ends_on", true}, {"unit_code", true}, {"organiser", false},
    {"place", false},  {"note", false},
};

static const struct import_column communication_columns[] = {
    {"unit_code", true},   {"kind", true},          {"topic", true},
    {"held_on", true},     {"title", false},        {"audience", false},
    {"reach_male", false}, {"reach_female", false}, {"note", false},
};

static const struct import_column participant_columns[] = {
    {"full_name", true},   {"sex", true},       {"role", true},
    {"agency", false},     {"position", false}, {"unit_code", false},
    {"birth_year", false},
};

static const struct {
	const struct import_column *columns;
	size_t n;
} import_tables[IMPORT_KIND__MAX] = {
    [IMPORT_FACILITIES] = {facility_columns, N(facility_columns)},
    [IMPORT_TRAININGS] = {training_columns, N(training_columns)},
    [IMPORT_COMMUNICATIONS] = {communication_columns, N(communication_columns)},
    [IMPORT_PARTICIPANTS] = {participant_columns, N(participant_columns)},
};

_Static_assert(N(facility_columns) <= IMPORT_MAX_COLUMNS &&
                   N(training_columns) <= IMPORT_MAX_COLUMNS &&
                   N(communication_columns) <= IMPORT_MAX_COLUMNS &&
                   N(participant_columns) <= IMPORT_MAX_COLUMNS,
               "columns fit the header map");

const struct import_column *import_columns(enum import_kind k, size_t *n)
{
	assert(n != NULL);
	if ((int)k < 0 || k >= IMPORT_KIND__MAX) {
		*n = 0;
		return NULL;
	}
	*n = import_tables[k].n;
	return import_tables[k].columns;
}

static bool header_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when the n bytes at cell name column `name`, ignoring ASCII case. */
static bool header_is(const char *cell, size_t n, const char *name)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(cell[i]) != name[i])
			return false;
	return true;
}

int import_header_map(enum import_kind k, size_t nfields,
                      const char *const *fields, int map[IMPORT_MAX_COLUMNS],
                      const char **bad, bool *missing)
{
	assert(map != NULL && bad != NULL && missing != NULL);
	assert(nfields == 0 || fields != NULL);
	*bad = NULL;
	*missing = false;
	for (int i = 0; i < IMPORT_MAX_COLUMNS; i++)
		map[i] = -1;
	size_t ncols;
	const struct import_column *cols = import_columns(k, &ncols);
	if (cols == NULL)
		return -1;
	for (size_t j = 0; j < nfields; j++) {
		const char *cell = fields[j] != NULL ? fields[j] : "";
		/* Excel writes a BOM before UTF-8 CSV. */
		if (j == 0 && strncmp(cell, "\xEF\xBB\xBF", 3) == 0)
			cell += 3;
		while (header_space(*cell))
			cell++;
		size_t len = strlen(cell);
		while (len > 0 && header_space(cell[len - 1]))
			len--;
		size_t i = 0;
		while (i < ncols && !header_is(cell, len, cols[i].name))
			i++;
		/* *bad points into the caller's cell: BOM and leading space
		 * skipped, trailing space kept. */
		if (i == ncols || map[i] != -1) {
			*bad = cell;
			return -1;
		}
		map[i] = (int)j;
	}
	for (size_t i = 0; i < ncols; i++) {
		if (cols[i].required && map[i] == -1) {
			*bad = cols[i].name;
			*missing = true;
			return -1;
		}
	}
	return 0;
}
