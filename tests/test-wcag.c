/* SPDX-License-Identifier: MIT */
/*
 * WCAG 2.x figures judged in C (web/wcag.c): relative luminance and
 * contrast ratio against the values WCAG's Understanding documents and
 * WebAIM's checker publish (black on white 21:1, #767676 4.54:1, #777777
 * 4.48:1, #595959 7.0:1, red 4.0:1, blue 8.59:1), large text, and target
 * size (2.5.5: 44 x 44, inline links exempt). Also the CDP framing of
 * web/cdp-msg.c: messages split anywhere, the cap, the shapes refused.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "base/err.h"
#include "chrome/cdp-msg.h"
#include "web/wcag.h"

static struct wcag_rgba rgb(double r, double g, double b)
{
	return (struct wcag_rgba){r, g, b, 1};
}

START_TEST(test_published_contrast)
{
	static const struct {
		double r, g, b, want, tol;
	} c[] = {
	    {0, 0, 0, 21.0, 1e-9},	     /* the maximum */
	    {255, 255, 255, 1.0, 1e-9},	     /* the minimum */
	    {0x76, 0x76, 0x76, 4.54, 0.005}, /* the lightest grey passing AA */
	    {0x77, 0x77, 0x77, 4.48, 0.005}, /* and the darkest failing */
	    {0x59, 0x59, 0x59, 7.00, 0.01},  /* AAA */
	    {255, 0, 0, 4.00, 0.005},	     {0, 0, 255, 8.59, 0.005},
	};
	struct wcag_rgba white = rgb(255, 255, 255);

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		double r = wcag_contrast(rgb(c[i].r, c[i].g, c[i].b), white);

		ck_assert_msg(fabs(r - c[i].want) <= c[i].tol,
			      "%zu: %.4f, want %.2f", i, r, c[i].want);
		/* symmetric */
		ck_assert(
		    fabs(wcag_contrast(white, rgb(c[i].r, c[i].g, c[i].b)) -
			 r) < 1e-9);
	}
	ck_assert(wcag_contrast(rgb(0x76, 0x76, 0x76), white) >= 4.5);
	ck_assert(wcag_contrast(rgb(0x77, 0x77, 0x77), white) < 4.5);
	ck_assert(fabs(wcag_luminance(white) - 1) < 1e-12);
	ck_assert(wcag_luminance(rgb(0, 0, 0)) == 0);
}
END_TEST

START_TEST(test_alpha_blended)
{
	struct wcag_rgba half_black = {0, 0, 0, 0.5},
			 white = rgb(255, 255, 255);
	struct wcag_rgba b = wcag_blend(half_black, white);

	ck_assert(fabs(b.r - 127.5) < 1e-9 && b.a == 1);
	ck_assert(fabs(wcag_contrast(half_black, white) - 3.98) < 0.005);
	/* transparent text disappears into its background */
	ck_assert(fabs(wcag_contrast((struct wcag_rgba){0, 0, 0, 0}, white) -
		       1) < 1e-9);
}
END_TEST

START_TEST(test_parse_color)
{
	struct wcag_rgba c;

	ck_assert_int_eq(wcag_parse_color("rgb(26, 26, 26)", &c), CC_OK);
	ck_assert(c.r == 26 && c.g == 26 && c.b == 26 && c.a == 1);
	ck_assert_int_eq(wcag_parse_color("rgba(0, 0, 0, 0.25)", &c), CC_OK);
	ck_assert(c.a == 0.25);
	ck_assert_int_eq(wcag_parse_color("rgb(10 20 30 / 0.5)", &c), CC_OK);
	ck_assert(c.b == 30 && c.a == 0.5);
	ck_assert_int_eq(wcag_parse_color("transparent", &c), CC_OK);
	ck_assert(c.a == 0);
	ck_assert_int_eq(wcag_parse_color("rgb(256, 0, 0)", &c), CC_EINVAL);
	ck_assert_int_eq(wcag_parse_color("rgba(0, 0, 0, 2)", &c), CC_EINVAL);
	ck_assert_int_eq(wcag_parse_color("rgb(0, 0, 0) x", &c), CC_EINVAL);
	ck_assert_int_eq(wcag_parse_color("#000", &c), CC_EINVAL);
	ck_assert_int_eq(wcag_parse_color("rgb(nan, 0, 0)", &c), CC_EINVAL);
	ck_assert_int_eq(wcag_parse_color("", &c), CC_EINVAL);
}
END_TEST

START_TEST(test_large_text)
{
	/* WCAG: 18 pt (24 px) regular, 14 pt (18.66 px) bold */
	ck_assert(wcag_large_text(24, 400, 24, 18.66));
	ck_assert(!wcag_large_text(23.9, 400, 24, 18.66));
	ck_assert(wcag_large_text(18.67, 700, 24, 18.66));
	ck_assert(!wcag_large_text(18.67, 600, 24, 18.66));
	ck_assert(!wcag_large_text(18, 700, 24, 18.66));
	ck_assert(wcag_contrast_needed(24, 400, 24, 18.66, 4.5, 3) == 3);
	ck_assert(wcag_contrast_needed(16, 400, 24, 18.66, 4.5, 3) == 4.5);
}
END_TEST

START_TEST(test_target_size)
{
	/* 2.5.5 at 44 px; MIIT's elderly mode at 60 px */
	struct wcag_target ok = {44, 44, false}, thin = {120, 43, false},
			   inl = {30, 18, true}, frac = {43.995, 44, false};

	ck_assert(wcag_target_ok(&ok, 44, true));
	ck_assert(!wcag_target_ok(&ok, 60, true));
	ck_assert(!wcag_target_ok(&thin, 44, true));
	ck_assert(wcag_target_ok(&inl, 44, true)); /* a link in a sentence */
	ck_assert(
	    !wcag_target_ok(&inl, 44, false)); /* unless inline ones count */
	ck_assert(wcag_target_ok(&frac, 44, true)); /* layout rounding */
}
END_TEST

/* ---- CDP framing ---- */

START_TEST(test_cdp_split_anywhere)
{
	static const char two[] = "{\"id\":1,\"result\":{}}\0{\"method\":"
				  "\"Page.loadEventFired\",\"params\":{}}";
	size_t n = sizeof(two) - 1; /* the second has no NUL yet */

	for (size_t cut = 0; cut <= n; cut++) {
		struct cdp_reader r;
		struct buf out;
		struct cdp_msg m;

		cdp_reader_init(&r, 0);
		buf_init(&out, CDP_MAX_MESSAGE);
		ck_assert_int_eq(cdp_reader_feed(&r, two, cut), CC_OK);
		ck_assert_int_eq(cdp_reader_feed(&r, two + cut, n - cut),
				 CC_OK);
		ck_assert_int_eq(cdp_reader_next(&r, &out), 1);
		ck_assert_int_eq(cdp_parse(buf_str(&out), out.len, &m), CC_OK);
		ck_assert(m.id == 1 && m.result && !m.method && !m.error);
		cdp_msg_release(&m);
		ck_assert_int_eq(cdp_reader_next(&r, &out), 0); /* incomplete */
		ck_assert_int_eq(cdp_reader_feed(&r, "", 1), CC_OK);
		ck_assert_int_eq(cdp_reader_next(&r, &out), 1);
		ck_assert_int_eq(cdp_parse(buf_str(&out), out.len, &m), CC_OK);
		ck_assert_str_eq(m.method, "Page.loadEventFired");
		ck_assert(m.id == 0 && m.params);
		cdp_msg_release(&m);
		cdp_reader_release(&r);
		buf_release(&out);
	}
}
END_TEST

START_TEST(test_cdp_cap)
{
	struct cdp_reader r;
	struct buf out;
	char big[100];

	memset(big, 'x', sizeof(big));
	cdp_reader_init(&r, 64);
	buf_init(&out, 1024);
	ck_assert_int_eq(cdp_reader_feed(&r, big, sizeof(big)), CC_OK);
	ck_assert_int_eq(cdp_reader_next(&r, &out), CC_ETOOBIG);
	cdp_reader_release(&r);
	buf_release(&out);
}
END_TEST

START_TEST(test_cdp_shapes)
{
	static const char *const bad[] = {
	    "",
	    "[]",
	    "42",
	    "{}",
	    "{\"id\":0,\"result\":{}}",
	    "{\"id\":-3,\"result\":{}}",
	    "{\"id\":\"1\",\"result\":{}}",
	    "{\"id\":1}",
	    "{\"id\":1,\"result\":[]}",
	    "{\"id\":1,\"error\":\"x\"}",
	    "{\"method\":5}",
	    "{\"method\":\"A\",\"params\":[]}",
	    "{\"id\":1,\"result\":{}} trailing",
	    "{\"id\":1,\"result\":{},\"sessionId\":7}",
	    "{\"id\":1,\"method\":\"A\",\"result\":{}}",
	};
	struct cdp_msg m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cdp_parse(bad[i], strlen(bad[i]), &m) ==
				  CC_EPROTO,
			      "%s", bad[i]);
	ck_assert_int_eq(
	    cdp_parse("{\"id\":7,\"error\":{\"code\":-32000,\"message\":\"No "
		      "target\"},\"sessionId\":\"S\"}",
		      70, &m),
	    CC_OK);
	ck_assert_str_eq(m.error, "No target");
	ck_assert_str_eq(m.session, "S");
	cdp_msg_release(&m);
}
END_TEST

Suite *suite_wcag(void)
{
	Suite *s = suite_create("wcag");
	TCase *tc = tcase_create("wcag");

	tcase_add_test(tc, test_published_contrast);
	tcase_add_test(tc, test_alpha_blended);
	tcase_add_test(tc, test_parse_color);
	tcase_add_test(tc, test_large_text);
	tcase_add_test(tc, test_target_size);
	tcase_add_test(tc, test_cdp_split_anywhere);
	tcase_add_test(tc, test_cdp_cap);
	tcase_add_test(tc, test_cdp_shapes);
	suite_add_tcase(s, tc);
	return s;
}
