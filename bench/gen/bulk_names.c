/*
 * bulk_names.c — the name-search rows of trogiup-gen's load
 * (person_name_suffixes: each person's folded name from every word start),
 * gathered by suffix while the cases are made and written after them in
 * the key order of the index person_name_suffixes_suffix (suffix,
 * person_id), which stays in place during the load: every row then goes
 * in at the right edge of the table and of that index.  Re-creating the
 * index after the load sorted 3 million text keys for 1 M cases, the
 * costliest of the twelve (6.1 s of CPU of ~14).
 *
 * Names come from a few dozen parts, so there are a few thousand distinct
 * suffixes; each keeps its people's ids in the order they were made,
 * which is increasing.  bulk.c's generator thread adds, the SQLite thread
 * writes once the generator is done.
 */
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

struct bucket {
	char *text;
	int len;
	int64_t *ids;
	size_t n, cap;
};

struct bulk_names {
	struct bucket *b; /* open addressing, size a power of two */
	size_t size, used;
	long rows;
};

struct bulk_names *bulk_names_new(void)
{
	struct bulk_names *x = calloc(1, sizeof *x);
	if (x == NULL)
		return NULL;
	x->size = 1 << 14;
	if ((x->b = calloc(x->size, sizeof *x->b)) == NULL) {
		free(x);
		return NULL;
	}
	return x;
}

void bulk_names_free(struct bulk_names *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->size; i++) {
		free(x->b[i].text);
		free(x->b[i].ids);
	}
	free(x->b);
	free(x);
}

static uint64_t hash(const char *s, int len)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	for (int i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int grow(struct bulk_names *x)
{
	size_t size = x->size * 2;
	struct bucket *b = calloc(size, sizeof *b);
	if (b == NULL)
		return -1;
	for (size_t i = 0; i < x->size; i++) {
		if (x->b[i].text == NULL)
			continue;
		size_t k = hash(x->b[i].text, x->b[i].len) & (size - 1);
		while (b[k].text != NULL)
			k = (k + 1) & (size - 1);
		b[k] = x->b[i];
	}
	free(x->b);
	x->b = b;
	x->size = size;
	return 0;
}

int bulk_names_add(struct bulk_names *x, const char *text, int len,
                   int64_t person_id)
{
	if (x->used * 2 >= x->size && grow(x) != 0)
		return -1;
	size_t k = hash(text, len) & (x->size - 1);
	struct bucket *b;
	for (;; k = (k + 1) & (x->size - 1)) {
		b = &x->b[k];
		if (b->text == NULL) {
			if ((b->text = strndup(text, (size_t)len)) == NULL)
				return -1;
			b->len = len;
			x->used++;
			break;
		}
		if (b->len == len && memcmp(b->text, text, (size_t)len) == 0)
			break;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		int64_t *ids = realloc(b->ids, cap * sizeof *ids);
		if (ids == NULL)
			return -1;
		b->ids = ids;
		b->cap = cap;
	}
	b->ids[b->n++] = person_id;
	x->rows++;
	return 0;
}

/* SQLite's BINARY order: memcmp, then the shorter first. */
static int by_text(const void *a, const void *b)
{
	const struct bucket *x = *(const struct bucket *const *)a,
	                    *y = *(const struct bucket *const *)b;
	int c = memcmp(x->text, y->text,
	               (size_t)(x->len < y->len ? x->len : y->len));
	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int bulk_names_write(struct bulk_names *x, struct bulk_writer *w)
{
	struct bucket **order = malloc((x->used + 1) * sizeof *order);
	if (order == NULL)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < x->size; i++)
		if (x->b[i].text != NULL)
			order[n++] = &x->b[i];
	qsort(order, n, sizeof *order, by_text);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = bulk_writer_suffixes(w, order[i]->text, order[i]->len,
		                          order[i]->ids, order[i]->n);
	if (rc == 0)
		rc = bulk_writer_suffixes(w, NULL, 0, NULL, 0);
	free(order);
	return rc;
}

long bulk_names_rows(const struct bulk_names *x)
{
	return x->rows;
}
