/*
 * fold.h — Unicode text helpers over utf8proc.
 *
 * text_fold() is the one search key of the system: it decomposes, strips
 * combining marks, folds case and maps đ/Đ to d (Unicode does not see the
 * stroke as a mark), so "dak to", "ĐẮK TÔ" and "Đắk Tô" fold alike.
 * text_nfc() normalises what users type before it is stored.
 */
#ifndef TROGIUP_LIB_FOLD_H
#define TROGIUP_LIB_FOLD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Folded copy of UTF-8 s, allocated in a; NULL when s is not valid UTF-8.
 * Runs of whitespace become one space; leading/trailing space is trimmed. */
char *text_fold(struct arena *a, const char *s);

/* NFC copy of UTF-8 s in a; NULL when s is not valid UTF-8. */
char *text_nfc(struct arena *a, const char *s);

/* True when s is valid UTF-8 with no control characters other than
 * \t, \n and \r. */
bool text_valid(const char *s);

/* Number of code points in valid UTF-8 s. */
size_t text_length(const char *s);

#endif
