/*
 * test_log.c — log lines: prefix, one line per call, quiet mode, no
 * forged lines.  stderr is pointed at a temporary file while each test
 * runs and read back afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"

struct captured {
	int saved_stderr;
	FILE *file;
	char text[8192];
};

static int capture_stderr(void **state)
{
	struct captured *c = calloc(1, sizeof *c);
	c->file = tmpfile();
	c->saved_stderr = dup(2);
	dup2(fileno(c->file), 2);
	*state = c;
	return 0;
}

static int restore_stderr(void **state)
{
	struct captured *c = *state;
	dup2(c->saved_stderr, 2);
	close(c->saved_stderr);
	fclose(c->file);
	free(c);
	log_set_quiet(0);
	return 0;
}

/* Everything written to fd 2 since capture began. */
static const char *captured_text(struct captured *c)
{
	rewind(c->file);
	size_t n = fread(c->text, 1, sizeof c->text - 1, c->file);
	c->text[n] = '\0';
	return c->text;
}

static bool has_prefix(const char *line, const char *level)
{
	/* ts=YYYY-MM-DDTHH:MM:SSZ level=<level> */
	char want[64];
	snprintf(want, sizeof want, " level=%s ", level);
	return strncmp(line, "ts=", 3) == 0 && line[7] == '-' &&
	       line[13] == 'T' && line[22] == 'Z' &&
	       strncmp(line + 23, want, strlen(want)) == 0;
}

static void info_line_shape(void **state)
{
	struct captured *c = *state;
	log_info("event=start port=%d", 8080);
	const char *text = captured_text(c);
	assert_true(has_prefix(text, "info"));
	const char *msg = strstr(text, "event=start port=8080\n");
	assert_non_null(msg);
	assert_string_equal(msg, "event=start port=8080\n");
}

static void error_line_shape(void **state)
{
	struct captured *c = *state;
	log_error("event=fail reason=%s", "disk");
	const char *text = captured_text(c);
	assert_true(has_prefix(text, "error"));
	assert_non_null(strstr(text, "event=fail reason=disk\n"));
}

static void quiet_silences_info_only(void **state)
{
	struct captured *c = *state;
	log_set_quiet(1);
	log_info("hidden=1");
	log_error("shown=1");
	log_set_quiet(0);
	log_info("shown=2");
	const char *text = captured_text(c);
	assert_null(strstr(text, "hidden=1"));
	assert_non_null(strstr(text, "shown=1"));
	assert_non_null(strstr(text, "shown=2"));
}

static void newlines_in_values_cannot_forge_lines(void **state)
{
	struct captured *c = *state;
	log_info("user=%s", "x\nts=fake level=error forged\r");
	const char *text = captured_text(c);
	assert_non_null(strstr(text, "user=x ts=fake level=error forged \n"));
	assert_ptr_equal(strchr(text, '\n'), text + strlen(text) - 1);
}

static void long_lines_are_whole(void **state)
{
	struct captured *c = *state;
	char value[3000];
	memset(value, 'v', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	log_info("long=%s", value);
	const char *text = captured_text(c);
	const char *msg = strstr(text, "long=");
	assert_non_null(msg);
	assert_int_equal(strlen(msg), strlen("long=") + sizeof value - 1 + 1);
	assert_int_equal(msg[strlen(msg) - 1], '\n');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(info_line_shape, capture_stderr,
	                                    restore_stderr),
	    cmocka_unit_test_setup_teardown(error_line_shape, capture_stderr,
	                                    restore_stderr),
	    cmocka_unit_test_setup_teardown(quiet_silences_info_only,
	                                    capture_stderr, restore_stderr),
	    cmocka_unit_test_setup_teardown(
	        newlines_in_values_cannot_forge_lines, capture_stderr,
	        restore_stderr),
	    cmocka_unit_test_setup_teardown(long_lines_are_whole,
	                                    capture_stderr, restore_stderr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
