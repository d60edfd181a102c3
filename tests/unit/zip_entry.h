/*
 * zip_entry.h — one entry of a zip archive (an XLSX workbook) read back
 * and inflated with zlib, for the unit tests of the workbook writers
 * (test_budget_xlsx.c, test_report_files.c).  Include after cmocka.h.
 */
#ifndef TROGIUP_TESTS_ZIP_ENTRY_H
#define TROGIUP_TESTS_ZIP_ENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "lib/arena.h"

static uint32_t zip_u16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t zip_u32(const unsigned char *p)
{
	return zip_u16(p) | zip_u16(p + 2) << 16;
}

/* The entry `name` of the archive zip[len], inflated into the arena;
 * NULL when it has none.  A malformed archive fails the test. */
static char *zip_entry(struct arena *a, const char *zip, size_t len,
                       const char *name)
{
	const unsigned char *z = (const unsigned char *)zip;
	assert_true(len >= 22);
	size_t eocd = len - 22;
	while (eocd > 0 && zip_u32(z + eocd) != 0x06054b50)
		eocd--;
	assert_int_equal(zip_u32(z + eocd), 0x06054b50);
	size_t at = zip_u32(z + eocd + 16), count = zip_u16(z + eocd + 10);
	for (size_t e = 0; e < count; e++) {
		assert_true(at + 46 <= len);
		assert_int_equal(zip_u32(z + at), 0x02014b50);
		unsigned method = zip_u16(z + at + 10);
		size_t csize = zip_u32(z + at + 20),
		       usize = zip_u32(z + at + 24);
		size_t nlen = zip_u16(z + at + 28),
		       extra = zip_u16(z + at + 30),
		       comment = zip_u16(z + at + 32),
		       local = zip_u32(z + at + 42);
		bool match = nlen == strlen(name) &&
		             memcmp(z + at + 46, name, nlen) == 0;
		at += 46 + nlen + extra + comment;
		if (!match)
			continue;
		const unsigned char *data = z + local + 30 +
		                            zip_u16(z + local + 26) +
		                            zip_u16(z + local + 28);
		char *out = arena_alloc(a, usize + 1);
		out[usize] = '\0';
		if (method == 0) {
			memcpy(out, data, usize);
			return out;
		}
		assert_int_equal(method, 8);
		z_stream zs = {.next_in = (unsigned char *)data,
		               .avail_in = (uInt)csize,
		               .next_out = (unsigned char *)out,
		               .avail_out = (uInt)usize};
		assert_int_equal(inflateInit2(&zs, -MAX_WBITS), Z_OK);
		assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
		inflateEnd(&zs);
		assert_int_equal(zs.total_out, usize);
		return out;
	}
	return NULL;
}

#endif
