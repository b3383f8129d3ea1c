/* SPDX-License-Identifier: MIT */
/*
 * What `carecert run --verbose` shows of a frame: sequence number, link,
 * direction, length and the bytes, masked, escaped so that no control byte
 * reaches the terminal, and bounded.
 */
/* posix_openpt, grantpt, unlockpt, ptsname */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/console.h"
#include "testutil.h"

static void show(char *const *secrets, const char *link, const char *dir, const void *p,
		 size_t n, char *out, size_t len)
{
	struct frame_ref ref = { .seq = 42, .mono_ns = 1500000000 };

	console_format_frame(secrets, 0, link, dir, p, n, &ref, out, len);
}

static void no_control_bytes(const char *s)
{
	for (; *s; s++)
		ck_assert_msg((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F,
			      "control byte 0x%02x shown", (unsigned char)*s);
}

START_TEST(test_frame_line)
{
	char line[2048];

	show(NULL, NULL, "tx", "$ID*0D\r\n", 8, line, sizeof(line));
	ck_assert_str_eq(line, "    1.500 #42     dut      tx     8 B  $ID*0D\\r\\n");
	show(NULL, "gateway", "rx", "ok", 2, line, sizeof(line));
	ck_assert_msg(strstr(line, " gateway  rx     2 B  ok"), "%s", line);
}
END_TEST

/* Hostile bytes: an escape sequence that would clear the screen or set
 * the title, C1 controls, NUL; shown escaped, never raw. */
START_TEST(test_frame_escaped)
{
	static const char hostile[] = "OK\x1b[2J\x1b]0;pwned\x07 \x9b" "31m\x7f\\ end";
	char line[2048];

	show(NULL, NULL, "rx", hostile, sizeof(hostile) - 1, line, sizeof(line));
	no_control_bytes(line);
	ck_assert_msg(strstr(line, "OK\\x1B[2J\\x1B]0;pwned\\x07 \\x9B31m\\x7F\\\\ end"), "%s",
		      line);
}
END_TEST

START_TEST(test_frame_bounded)
{
	char big[5000], line[4096];

	memset(big, 'A', sizeof(big));
	show(NULL, NULL, "rx", big, sizeof(big), line, sizeof(line));
	ck_assert_msg(strstr(line, " 5000 B  "), "%s", line);
	ck_assert_msg(strlen(line) < 64 + CONSOLE_FRAME_SHOWN + 8, "%zu", strlen(line));
	ck_assert_msg(!strcmp(line + strlen(line) - 3, "..."), "%s", line);
}
END_TEST

/* A binary protocol's frame shows as hex. */
START_TEST(test_frame_binary)
{
	static const unsigned char att[] = { 0x1b, 0x03, 0x00, 0x1e, 0x00, 0x00 };
	char line[2048];

	show(NULL, NULL, "rx", att, sizeof(att), line, sizeof(line));
	ck_assert_msg(strstr(line, "6 B  [1b 03 00 1e 00 00]"), "%s", line);
}
END_TEST

/* Secret values and credentials are masked before the frame is cut, so a
 * secret across the cut does not show by half either. */
START_TEST(test_frame_masked)
{
	char *const secrets[] = { (char *)"Vit4l-Signs-2026", NULL };
	char req[600], line[4096];

	snprintf(req, sizeof(req),
		 "POST /api/login HTTP/1.1\r\nAuthorization: Basic Y2xpbmljaWFu\r\n\r\n"
		 "{\"username\":\"clinician\",\"password\":\"Vit4l-Signs-2026\"}");
	show(secrets, NULL, "tx", req, strlen(req), line, sizeof(line));
	ck_assert_msg(!strstr(line, "Vit4l") && !strstr(line, "Y2xpbmljaWFu"), "%s", line);
	ck_assert_msg(strstr(line, "\"password\":\"***\""), "%s", line);
	ck_assert_msg(strstr(line, "Authorization: ***"), "%s", line);
	memset(req, 'x', sizeof(req));
	memcpy(req + CONSOLE_FRAME_SHOWN - 4, "Vit4l-Signs-2026", 16);
	show(secrets, NULL, "tx", req, sizeof(req), line, sizeof(line));
	ck_assert_msg(!strstr(line, "Vit4"), "%s", line);
}
END_TEST

/* --verbose frames go to their stream, per-case lines to theirs. */
START_TEST(test_console_streams)
{
	char *dir = tu_mkdtemp(), path[4200], *text;
	struct frame_ref ref = { .seq = 7 };
	struct console *c;
	FILE *prog, *frames;

	snprintf(path, sizeof(path), "%s/progress", dir);
	prog = fopen(path, "w+");
	snprintf(path, sizeof(path), "%s/frames", dir);
	frames = fopen(path, "w+");
	ck_assert(prog && frames);
	c = console_new(prog, frames, NULL);
	ck_assert_ptr_nonnull(c);
	console_printf(c, "%s pass\n", "C-01");
	console_frame(c, NULL, "tx", (const uint8_t *)"ID\r\n", 4, &ref);
	console_free(c);
	fclose(prog);
	fclose(frames);
	text = tu_slurp(path);
	ck_assert_msg(strstr(text, "#7      dut      tx     4 B  ID\\r\\n\n"), "%s", text);
	ck_assert(!strstr(text, "C-01"));
	free(text);
	snprintf(path, sizeof(path), "%s/progress", dir);
	text = tu_slurp(path);
	ck_assert_str_eq(text, "C-01 pass\n");
	free(text);
	tu_rmdir(dir);
}
END_TEST

/* All the master side of a pty holds within ms. */
static size_t drain_pty(int fd, char *out, size_t cap, int ms)
{
	size_t n = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (n + 1 < cap && poll(&pfd, 1, ms) > 0) {
		ssize_t r = read(fd, out + n, cap - 1 - n);

		if (r <= 0)
			break;
		n += (size_t)r;
	}
	out[n] = 0;
	return n;
}

/* On a terminal, a case that waits shows a status line (case, step,
 * elapsed), rewritten in place with '\r' and erased before the case's
 * line; no escape sequence is used. */
START_TEST(test_status_line_on_terminal)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), fd;
	struct termios tio;
	struct console *c;
	char out[8192], *line;
	double last = 0;
	int draws;
	FILE *tty;

	ck_assert_int_ge(master, 0);
	ck_assert(!grantpt(master) && !unlockpt(master));
	fd = open(ptsname(master), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(fd, 0);
	ck_assert(!tcgetattr(fd, &tio));
	tio.c_oflag &= ~(tcflag_t)OPOST; /* bytes as written */
	ck_assert(!tcsetattr(fd, TCSANOW, &tio));
	tty = fdopen(fd, "w");
	c = console_new(tty, NULL, NULL);
	ck_assert_ptr_nonnull(c);
	console_case_begin(c, "C-01");
	console_step(c, "expect", 12);
	usleep((CONSOLE_LIVE_AFTER_MS + 5 * CONSOLE_TICK_MS) * 1000);
	console_case_end(c);
	console_printf(c, "C-01 pass\n");
	/* a quick case: no status line */
	console_case_begin(c, "C-02");
	console_case_end(c);
	console_printf(c, "C-02 pass\n");
	console_free(c);
	fclose(tty);
	drain_pty(master, out, sizeof(out), 200);
	close(master);
	/* drawn after CONSOLE_LIVE_AFTER_MS, then rewritten with the time */
	draws = 0;
	for (const char *p = out; (p = strstr(p, "\r  C-01  expect (line 12)  ")); p++) {
		double t = atof(p + strlen("\r  C-01  expect (line 12)  "));

		ck_assert_msg(t >= CONSOLE_LIVE_AFTER_MS / 1000.0 - 0.05 && t > last, "%s", out);
		last = t;
		draws++;
	}
	ck_assert_msg(draws >= 2, "not rewritten: %s", out);
	ck_assert_msg(!strchr(out, '\x1b'), "escape sequence: %s", out);
	/* erased (back to column 0, blanks, back) right before the case line */
	line = strstr(out, "C-01 pass\n");
	ck_assert_ptr_nonnull(line);
	ck_assert(line > out + 2 && line[-1] == '\r' && line[-2] == ' ');
	ck_assert_msg(!strstr(out, "C-02  "), "%s", out);
	ck_assert_msg(strstr(out, "C-01 pass\nC-02 pass\n"), "%s", out);
}
END_TEST

/* Not a terminal (CI): the plain per-case lines only. */
START_TEST(test_no_status_line_in_ci)
{
	char *dir = tu_mkdtemp(), path[4200], *text;
	struct console *c;
	FILE *f;

	snprintf(path, sizeof(path), "%s/progress", dir);
	f = fopen(path, "w+");
	c = console_new(f, NULL, NULL);
	console_case_begin(c, "C-01");
	console_step(c, "expect", 12);
	usleep((CONSOLE_LIVE_AFTER_MS + 2 * CONSOLE_TICK_MS) * 1000);
	console_case_end(c);
	console_printf(c, "C-01 pass\n");
	console_free(c);
	fclose(f);
	text = tu_slurp(path);
	ck_assert_str_eq(text, "C-01 pass\n");
	free(text);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_console(void)
{
	Suite *s = suite_create("console");
	TCase *tc = tcase_create("frames");

	tcase_add_test(tc, test_frame_line);
	tcase_add_test(tc, test_frame_escaped);
	tcase_add_test(tc, test_frame_bounded);
	tcase_add_test(tc, test_frame_binary);
	tcase_add_test(tc, test_frame_masked);
	tcase_add_test(tc, test_console_streams);
	tcase_add_test(tc, test_status_line_on_terminal);
	tcase_add_test(tc, test_no_status_line_in_ci);
	suite_add_tcase(s, tc);
	return s;
}
