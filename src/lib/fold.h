/*
 * fold.h — Unicode text helpers over utf8proc.
 *
 * text_fold() is the one search key of the system: it decomposes, strips
 * combining marks, folds case and maps đ/Đ to d (Unicode does not see the
 * stroke as a mark), so "dak to", "ĐẮK TÔ" and "Đắk Tô" fold alike.
 * text_nfc() normalises what users type before it is stored.  Text made
 * only of precomposed Latin (all Vietnamese typed on a keyboard) takes a
 * table-driven fast path inside text_fold with the same result;
 * text_scan() tells a caller in one pass whether a string is such text
 * (and so already NFC), for hot loops such as the CSV import.
 */
#ifndef TROGIUP_LIB_FOLD_H
#define TROGIUP_LIB_FOLD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Folded copy of UTF-8 s, allocated in a; NULL when s is not valid UTF-8.
 * Runs of whitespace become one space; leading/trailing space is trimmed.
 * Safe from any thread: the fast path's tables are built once, on the
 * first call to text_fold or text_scan. */
char *text_fold(struct arena *a, const char *s);

/* NFC copy of UTF-8 s in a; NULL when s is not valid UTF-8. */
char *text_nfc(struct arena *a, const char *s);

/* True when s is valid UTF-8 with no control characters other than
 * \t, \n and \r. */
bool text_valid(const char *s);

/* Number of code points in valid UTF-8 s. */
size_t text_length(const char *s);

/* One pass over valid UTF-8 s (never reading past its NUL): *chars gets
 * its length in code points, *control whether it holds a control
 * character other than \t, \n and \r (C0, DEL or C1: what text_valid
 * refuses), *nfc whether every code point is one text_fold folds by table
 * (below U+0300 or in U+1E00–U+1EFF), which means s is already NFC.  A
 * false *nfc says nothing: run text_nfc. */
void text_scan(const char *s, size_t *chars, bool *control, bool *nfc);

#endif
