/*
 * lineage.h — where a unit sits in the administrative tree.
 *
 * Every unit stores its lineage path: the codes from the province down to
 * itself joined by '/', e.g. "62/608/23425" (Kon Tum › Đắk Tô › a commune).
 * "Is X inside Y" is then a prefix test on whole segments, done here
 * without I/O, and the store keeps the same facts as an indexed
 * ancestor table for queries.  A NULL scope path means the whole country.
 */
#ifndef TROGIUP_DOMAIN_LINEAGE_H
#define TROGIUP_DOMAIN_LINEAGE_H

#include <stdbool.h>
#include <stddef.h>

#define LINEAGE_MAX 64 /* longest path: 3 levels of up to 5 digits + '/' */

/* True when path is scope itself or lies below it.  A NULL scope (the
 * country) contains everything; a NULL path is inside nothing but the
 * country. */
bool lineage_contains(const char *scope, const char *path);

/* Writes parent_path + "/" + code (or just code when parent_path is NULL
 * or empty) into out; -1 when it does not fit in cap or code is not 1–8
 * digits. */
int lineage_child(char *out, size_t cap, const char *parent_path,
                  const char *code);

/* Number of segments of path (0 for NULL or ""). */
int lineage_depth(const char *path);

/* True when code is an official unit code: 2, 3 or 5 digits. */
bool lineage_code_valid(const char *code);

#endif
