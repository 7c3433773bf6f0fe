/*
 * test_buf.c: the capped buffer, the bounded file reader, categories and
 * severities, error messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/internal.h"
#include "unscripted/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_append_and_cap(void **state)
{
	(void)state;
	us__buf b = US__BUF_INIT(10);
	assert_int_equal(us__buf_append(&b, "hello", 5), 0);
	assert_int_equal(us__buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(us__buf_appendc(&b, '!'), 0);
	assert_int_equal(b.len, 10);
	/* The cap is a hard limit: nothing is half-appended past it. */
	assert_int_equal(us__buf_append(&b, "x", 1), US_ETOOBIG);
	assert_int_equal(us__buf_printf(&b, "%s", "more"), US_ETOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "hello1234!");
	us__buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	us__buf_free(&b);
	assert_null(b.data);
}

static void test_read_file(void **state)
{
	(void)state;
	char path[] = "/tmp/us-test-buf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	for (int i = 0; i < 1000; i++)
		fputs("0123456789", fp);
	fclose(fp);
	us_error err = US_ERROR_INIT;
	us__buf big = US__BUF_INIT(20000);
	assert_int_equal(us__buf_read_file(&big, path, "a test file", &err), 0);
	assert_int_equal(big.len, 10000);
	us__buf small = US__BUF_INIT(100);
	assert_int_equal(us__buf_read_file(&small, path, "a test file", &err), US_ETOOBIG);
	assert_non_null(strstr(err.message, "limit for a test file"));
	unlink(path);
	assert_int_equal(us__buf_read_file(&small, path, "a test file", &err), US_EIO);
	assert_non_null(strstr(err.message, "cannot open"));
	us__buf_free(&big);
	us__buf_free(&small);
}

static void test_categories(void **state)
{
	(void)state;
	for (int c = 0; c < US_CAT_COUNT; c++) {
		us_category back;
		assert_int_equal(us_category_parse(&back, us_category_name((us_category)c)), 0);
		assert_int_equal(back, c);
	}
	assert_null(us_category_name(US_CAT_COUNT));
	us_category cat;
	assert_int_equal(us_category_parse(&cat, "critcism"), US_ENOTFOUND);
	assert_int_equal(us_category_severity(US_CAT_STEREOTYPE), US_SEVERITY_ERROR);
	assert_int_equal(us_category_severity(US_CAT_CONTEMPT), US_SEVERITY_ERROR);
	assert_int_equal(us_category_severity(US_CAT_DISMISSAL), US_SEVERITY_WARNING);
	assert_int_equal(us_category_severity(US_CAT_REPAIR), US_SEVERITY_INFO);
	us_severity sev;
	assert_int_equal(us_severity_parse(&sev, "warning"), 0);
	assert_int_equal(sev, US_SEVERITY_WARNING);
	assert_string_equal(us_severity_name(US_SEVERITY_INFO), "info");
}

static void test_errors(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us__error_set(&err, US_EPARSE, "%s:%d: %s", "f.yml", 3, "bad"), US_EPARSE);
	assert_string_equal(err.message, "f.yml:3: bad");
	assert_int_equal(err.code, US_EPARSE);
	assert_int_equal(us__error_set(NULL, US_EIO, "ignored"), US_EIO);
	/* Long messages are cut, never overflow. */
	char longer[2000];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	us__error_set(&err, US_EINVAL, "%s", longer);
	assert_int_equal(strlen(err.message), US_ERROR_MESSAGE_MAX - 1);
	assert_string_equal(us_strerror(US_ENOMEM), "out of memory");
	assert_string_equal(us_strerror(-999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_cap),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
