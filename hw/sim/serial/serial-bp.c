/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-serial-bp: a simulated serial blood-pressure monitor.
 *
 * A real process serving the SBP/1 protocol (docs/serial-bp-protocol.md) on
 * a pseudo-terminal, so that carecert's serial transport talks to it exactly
 * as to a USB-serial device. It prints "PTY /dev/pts/N" on stdout, then
 * serves until SIGTERM. Faults (--fault NAME) break one function each, so a
 * suite can show which case catches which fault.
 *
 * One poll() loop: commands are answered as they arrive while a measurement
 * runs as a timed state machine (cuff frames, then the result).
 */
/* posix_openpt, grantpt, unlockpt, ptsname */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "lib/sim-pty.h"
#include "transport/checksum.h"
#include "lib/errmodel.h"
#include "lib/sim-bench.h"
#include "lib/sim-fault.h"

#define LINE_MAX_LEN 128
#define MAX_RECORDS 100
#define KPA_PER_MMHG (1.0 / 7.500617)

enum fault {
	FAULT_BAD_CHECKSUM = 1 << 0,
	FAULT_WRONG_LENGTH = 1 << 1,
	FAULT_OUT_OF_RANGE = 1 << 2,
	FAULT_UNIT_MISLABEL = 1 << 3,
	FAULT_MISSING_REPLY = 1 << 4,
	FAULT_SLOW_REPLY = 1 << 5,
	FAULT_GARBAGE_BYTES = 1 << 6,
	FAULT_DISCONNECT_MID_RECORD = 1 << 7,
	FAULT_INTERMITTENT = 1 << 8,
};

static const struct sim_fault faults[] = {
	{ "bad_checksum", FAULT_BAD_CHECKSUM, "STAT replies carry a wrong checksum" },
	{ "wrong_length", FAULT_WRONG_LENGTH, "record frames declare one byte too many" },
	{ "out_of_range", FAULT_OUT_OF_RANGE, "mmHg results report systolic 310" },
	{ "unit_mislabel", FAULT_UNIT_MISLABEL, "mmHg results are labelled kPa" },
	{ "missing_reply", FAULT_MISSING_REPLY, "CLK? is never answered" },
	{ "slow_reply", FAULT_SLOW_REPLY, "ID is answered after --slow-ms" },
	{ "garbage_bytes", FAULT_GARBAGE_BYTES, "noise bytes before every REC reply" },
	{ "disconnect_mid_record", FAULT_DISCONNECT_MID_RECORD,
	  "the link drops in the middle of DUMP" },
	{ "intermittent", FAULT_INTERMITTENT, "the first ID is not answered" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct record {
	time_t when;
	int sys, dia, map, pulse; /* mmHg, bpm */
	bool kpa;
	uint8_t status;
};

enum phase { IDLE, INFLATE, DEFLATE };

struct sim {
	int master, slave; /* slave kept open: a closing client is no hangup */
	unsigned faults;
	const char *vendor, *model, *firmware, *serial;
	int sys, dia, pulse;
	int cuff_interval_ms, slow_ms;
	unsigned seed;

	bool kpa;
	time_t clock_base;   /* device time at clock_mono */
	int64_t clock_mono;
	struct record rec[MAX_RECORDS];
	int nrec;
	unsigned id_count;

	enum phase phase;
	int cuff;            /* mmHg */
	int64_t next_event;  /* monotonic ms of the next measurement step */

	char slow[LINE_MAX_LEN]; /* a delayed reply and when it is due */
	int64_t slow_due;

	char in[LINE_MAX_LEN + 2];
	size_t inlen;
	bool discarding; /* inside an over-long line */
	bool coupled;    /* reads the patient simulator's set point */
	struct errmodel err; /* of a coupled cuff, mmHg; owns --seed */
	const char *no_reading; /* why the coupled cuff has no reading, or NULL */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static time_t device_time(const struct sim *s)
{
	return s->clock_base + (time_t)((now_ms() - s->clock_mono) / 1000);
}

static void write_all(struct sim *s, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = write(s->master, b, n);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = s->master, .events = POLLOUT };

			poll(&pfd, 1, 100);
			continue;
		}
		if (w <= 0) {
			fprintf(stderr, "sim: write: %s\n", strerror(errno));
			return;
		}
		b += w;
		n -= (size_t)w;
	}
}

static void send_frame(struct sim *s, const char *body, bool corrupt)
{
	char line[LINE_MAX_LEN + 8];
	uint32_t cs = checksum_compute(CHECKSUM_XOR8, (const uint8_t *)body,
				       strlen(body));

	if (corrupt)
		cs ^= 0x01;
	snprintf(line, sizeof(line), "$%s*%02X\r\n", body, cs);
	write_all(s, line, strlen(line));
}

static void reply(struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reply(struct sim *s, const char *fmt, ...)
{
	char body[LINE_MAX_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	send_frame(s, body, false);
}

static int map_of(int sys, int dia)
{
	return dia + (sys - dia + 1) / 3; /* dia + (sys-dia)/3, rounded */
}

/* A pressure in the current unit: integer mmHg or kPa with one decimal. */
static void fmt_pressure(const struct sim *s, int mmhg, char *out, size_t len)
{
	if (s->kpa)
		snprintf(out, len, "%.1f", mmhg * KPA_PER_MMHG);
	else
		snprintf(out, len, "%d", mmhg);
}

/* ---- measurement ---- */

/* A cuff on a patient simulator: the pressures it plays are in the bench
 * file "nibp" ("SYS DIA RATE", written by carecert-sim-patient), and this
 * monitor reads them through its error model (errmodel.h). A dropped
 * measurement, or a pressure outside the rated range, ends the
 * measurement with an error instead of a BP line. */
static void take_reference(struct sim *s)
{
	double ref[3], sys, dia;
	enum errmodel_result rs, rd;

	s->no_reading = NULL;
	if (sim_bench_read("nibp", ref, 3) != 3)
		return; /* no set point: the cuff reads what it read before */
	rs = errmodel_read(&s->err, ref[0], &sys);
	rd = errmodel_read(&s->err, ref[1], &dia);
	if (errmodel_dropped(&s->err))
		s->no_reading = "06,measurement failed";
	else if (rs != ERRMODEL_OK || rd != ERRMODEL_OK)
		s->no_reading = "07,out of range";
	else {
		s->sys = (int)lround(sys);
		s->dia = (int)lround(dia);
		s->pulse = (int)lround(ref[2]);
	}
}

static void measurement_step(struct sim *s)
{
	char p[16], sy[16], di[16], ma[16];
	int sys = s->sys;

	if (s->phase == INFLATE) {
		s->cuff += 20;
		if (s->cuff >= s->sys + 30) {
			s->cuff = s->sys + 30;
			s->phase = DEFLATE;
		}
	} else {
		s->cuff -= 10;
	}
	if (s->phase == DEFLATE && s->cuff < s->dia - 10) {
		const char *unit = s->kpa ? "kPa" : "mmHg";
		struct record *r;

		s->phase = IDLE;
		if (s->no_reading) {
			reply(s, "ERR,%s", s->no_reading);
			return;
		}
		if (!s->kpa && (s->faults & FAULT_OUT_OF_RANGE))
			sys = 310;
		if (!s->kpa && (s->faults & FAULT_UNIT_MISLABEL))
			unit = "kPa";
		fmt_pressure(s, sys, sy, sizeof(sy));
		fmt_pressure(s, s->dia, di, sizeof(di));
		fmt_pressure(s, map_of(s->sys, s->dia), ma, sizeof(ma));
		reply(s, "BP,%s,%s,%s,%d,%s,00", sy, di, ma, s->pulse, unit);
		if (s->nrec < MAX_RECORDS) {
			r = &s->rec[s->nrec++];
			r->when = device_time(s);
			r->sys = s->sys;
			r->dia = s->dia;
			r->map = map_of(s->sys, s->dia);
			r->pulse = s->pulse;
			r->kpa = s->kpa;
			r->status = 0;
		}
		return;
	}
	fmt_pressure(s, s->cuff, p, sizeof(p));
	reply(s, "CUFF,%s,%s", p, s->kpa ? "kPa" : "mmHg");
	s->next_event = now_ms() + s->cuff_interval_ms;
}

/* ---- record download ---- */

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Build one binary frame; returns its length. */
static size_t build_frame(uint8_t *f, uint8_t type, const uint8_t *payload,
			  size_t n, bool wrong_length)
{
	uint32_t crc;

	f[0] = 0xA5;
	f[1] = 0x5A;
	f[2] = type;
	f[3] = (uint8_t)n;
	memcpy(f + 4, payload, n);
	crc = checksum_compute(CHECKSUM_CRC16_CCITT_FALSE, f + 2, n + 2);
	if (wrong_length) {
		/* the CRC covers the bytes as sent, so only the length lies */
		f[3] = (uint8_t)(n + 1);
		crc = checksum_compute(CHECKSUM_CRC16_CCITT_FALSE, f + 2, n + 2);
	}
	f[4 + n] = (uint8_t)(crc >> 8);
	f[5 + n] = (uint8_t)crc;
	return n + 6;
}

static size_t record_frame(const struct sim *s, int i, uint8_t *f)
{
	const struct record *r = &s->rec[i];
	uint8_t p[19];
	struct tm tm;
	int k = r->kpa ? 1 : 0;

	gmtime_r(&r->when, &tm);
	put16(p + 0, (unsigned)i);
	put16(p + 2, (unsigned)(tm.tm_year + 1900));
	p[4] = (uint8_t)(tm.tm_mon + 1);
	p[5] = (uint8_t)tm.tm_mday;
	p[6] = (uint8_t)tm.tm_hour;
	p[7] = (uint8_t)tm.tm_min;
	p[8] = (uint8_t)tm.tm_sec;
	p[9] = (uint8_t)k;
	put16(p + 10, (unsigned)(k ? r->sys * KPA_PER_MMHG * 10 + 0.5 : r->sys));
	put16(p + 12, (unsigned)(k ? r->dia * KPA_PER_MMHG * 10 + 0.5 : r->dia));
	put16(p + 14, (unsigned)(k ? r->map * KPA_PER_MMHG * 10 + 0.5 : r->map));
	put16(p + 16, (unsigned)r->pulse);
	p[18] = r->status;
	return build_frame(f, 0x01, p, sizeof(p),
			   s->faults & FAULT_WRONG_LENGTH);
}

static void dump(struct sim *s)
{
	uint8_t f[64], end[2];
	size_t n;

	for (int i = 0; i < s->nrec; i++) {
		n = record_frame(s, i, f);
		if (i == 1 && (s->faults & FAULT_DISCONNECT_MID_RECORD)) {
			write_all(s, f, n / 2);
			fprintf(stderr, "sim: fault disconnect_mid_record: dropping the link\n");
			close(s->master);
			close(s->slave);
			exit(0);
		}
		write_all(s, f, n);
	}
	put16(end, (unsigned)s->nrec);
	n = build_frame(f, 0x02, end, sizeof(end), false);
	write_all(s, f, n);
}

/* ---- commands ---- */

static bool parse_time(const char *t, time_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm = { 0 };
	int y, mo, d, h, mi, se, used = 0, dim;

	if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se,
		   &used) != 6 || t[used] || strlen(t) != 19)
		return false;
	if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 || d < 1 || y < 1970)
		return false;
	dim = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
	if (d > dim)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = timegm(&tm);
	return true;
}

static void cmd_id(struct sim *s)
{
	char body[LINE_MAX_LEN];

	if ((s->faults & FAULT_INTERMITTENT) && s->id_count++ == 0) {
		fprintf(stderr, "sim: fault intermittent: first ID unanswered\n");
		return;
	}
	snprintf(body, sizeof(body), "ID,%s,%s,%s,%s", s->vendor, s->model,
		 s->firmware, s->serial);
	if (s->faults & FAULT_SLOW_REPLY) {
		snprintf(s->slow, sizeof(s->slow), "%s", body);
		s->slow_due = now_ms() + s->slow_ms;
		return;
	}
	send_frame(s, body, false);
}

static void command(struct sim *s, char *body)
{
	char *arg = strchr(body, ',');
	bool measuring = s->phase != IDLE;

	if (arg)
		*arg++ = 0;
	fprintf(stderr, "sim: command %s%s%s\n", body, arg ? "," : "", arg ? arg : "");
	if (!strcmp(body, "ID") && !arg) {
		cmd_id(s);
	} else if (!strcmp(body, "STAT?") && !arg) {
		char b[64];

		snprintf(b, sizeof(b), "STAT,87,%s,%d", measuring ? "MEAS" : "IDLE",
			 s->nrec);
		send_frame(s, b, s->faults & FAULT_BAD_CHECKSUM);
	} else if (!strcmp(body, "ABORT") && !arg) {
		if (!measuring) {
			reply(s, "ERR,05,not measuring");
			return;
		}
		s->phase = IDLE;
		reply(s, "ABORTED");
	} else if (measuring) {
		reply(s, "ERR,04,busy");
	} else if (!strcmp(body, "CLK?") && !arg) {
		char t[32];
		time_t now = device_time(s);
		struct tm tm;

		if (s->faults & FAULT_MISSING_REPLY) {
			fprintf(stderr, "sim: fault missing_reply: CLK? unanswered\n");
			return;
		}
		gmtime_r(&now, &tm);
		strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
		reply(s, "CLK,%s", t);
	} else if (!strcmp(body, "CLK")) {
		time_t t;

		if (!arg || !parse_time(arg, &t)) {
			reply(s, "ERR,03,bad argument");
			return;
		}
		s->clock_base = t;
		s->clock_mono = now_ms();
		reply(s, "OK,CLK");
	} else if (!strcmp(body, "UNIT?") && !arg) {
		reply(s, "UNIT,%s", s->kpa ? "kPa" : "mmHg");
	} else if (!strcmp(body, "UNIT")) {
		if (arg && !strcmp(arg, "mmHg"))
			s->kpa = false;
		else if (arg && !strcmp(arg, "kPa"))
			s->kpa = true;
		else {
			reply(s, "ERR,03,bad argument");
			return;
		}
		reply(s, "OK,UNIT");
	} else if (!strcmp(body, "MEAS") && !arg) {
		if (s->coupled)
			take_reference(s);
		reply(s, "OK,MEAS");
		s->phase = INFLATE;
		s->cuff = 0;
		s->next_event = now_ms() + s->cuff_interval_ms;
	} else if (!strcmp(body, "REC?") && !arg) {
		if (s->faults & FAULT_GARBAGE_BYTES) {
			static const uint8_t noise[] = { 0x00, 0xFF, 0x13, 0x7F,
							 0x80, 0xA5, 0x11 };
			uint8_t g[7];

			for (size_t i = 0; i < sizeof(g); i++)
				g[i] = noise[rand_r(&s->seed) % sizeof(noise)];
			write_all(s, g, sizeof(g));
		}
		reply(s, "REC,%d", s->nrec);
	} else if (!strcmp(body, "DUMP") && !arg) {
		dump(s);
	} else if ((!strcmp(body, "ID") || !strcmp(body, "STAT?") ||
		    !strcmp(body, "CLK?") || !strcmp(body, "UNIT?") ||
		    !strcmp(body, "MEAS") || !strcmp(body, "REC?") ||
		    !strcmp(body, "DUMP") || !strcmp(body, "ABORT")) && arg) {
		reply(s, "ERR,03,bad argument");
	} else {
		reply(s, "ERR,02,unknown command"); /* USER too: single-user device */
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "$BODY*CC": framing or checksum errors are answered with ERR,01. */
static void line(struct sim *s, char *l, size_t n)
{
	char *star;
	int hi, lo;

	if (n && l[n - 1] == '\r')
		l[--n] = 0;
	star = strrchr(l, '*');
	if (n < 4 || l[0] != '$' || !star || l + n - star != 3) {
		reply(s, "ERR,01,checksum error");
		return;
	}
	hi = hexval(star[1]);
	lo = hexval(star[2]);
	*star = 0;
	if (hi < 0 || lo < 0 ||
	    (uint32_t)(hi << 4 | lo) != checksum_compute(CHECKSUM_XOR8,
							 (const uint8_t *)l + 1,
							 strlen(l + 1))) {
		reply(s, "ERR,01,checksum error");
		return;
	}
	command(s, l + 1);
}

static void receive(struct sim *s)
{
	char buf[256];
	ssize_t r = read(s->master, buf, sizeof(buf));

	for (ssize_t i = 0; i < r; i++) {
		if (buf[i] == '\n') {
			if (s->discarding)
				reply(s, "ERR,03,bad argument");
			else {
				s->in[s->inlen] = 0;
				line(s, s->in, s->inlen);
			}
			s->inlen = 0;
			s->discarding = false;
		} else if (s->inlen < LINE_MAX_LEN) {
			s->in[s->inlen++] = buf[i];
		} else {
			s->discarding = true;
		}
	}
}

/* ---- setup ---- */

static int open_pty(struct sim *s)
{
	return sim_pty_open(&s->master, &s->slave);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-serial-bp [--fault NAME]... [--vendor S] [--model S]\n"
		   "  [--firmware S] [--serial S] [--sys N] [--dia N] [--pulse N]\n"
		   "  [--records N] [--cuff-interval-ms N] [--slow-ms N] [--seed N]\n"
		   "  [--coupled [error model options, in mmHg]]\n"
		   "Serves the SBP/1 protocol on a new pty; prints \"PTY <path>\".\n"
		   "error model of a coupled cuff (--seed also seeds the garbage bytes):\n"
		   ERRMODEL_USAGE);
	sim_fault_list(f, faults, NFAULTS);
}

static int parse_args(struct sim *s, int argc, char **argv, int *records)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "model", required_argument, NULL, 'm' },
		{ "firmware", required_argument, NULL, 'w' },
		{ "serial", required_argument, NULL, 'n' },
		{ "sys", required_argument, NULL, 'S' },
		{ "dia", required_argument, NULL, 'D' },
		{ "pulse", required_argument, NULL, 'P' },
		{ "records", required_argument, NULL, 'r' },
		{ "cuff-interval-ms", required_argument, NULL, 'c' },
		{ "slow-ms", required_argument, NULL, 'l' },
		{ "coupled", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch;

	errmodel_init(&s->err);
	if (errmodel_take_args(&s->err, "", &argc, argv))
		return -1;
	s->seed = s->err.seed;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &s->faults)) {
				usage(stderr);
				return -1;
			}
			break;
		case 'v': s->vendor = optarg; break;
		case 'm': s->model = optarg; break;
		case 'w': s->firmware = optarg; break;
		case 'n': s->serial = optarg; break;
		case 'S': s->sys = atoi(optarg); break;
		case 'D': s->dia = atoi(optarg); break;
		case 'P': s->pulse = atoi(optarg); break;
		case 'r': *records = atoi(optarg); break;
		case 'c': s->cuff_interval_ms = atoi(optarg); break;
		case 'l': s->slow_ms = atoi(optarg); break;
		case 'C': s->coupled = true; break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (s->sys <= s->dia || s->dia < 20 || s->sys > 300 || *records < 0 ||
	    *records > MAX_RECORDS || s->cuff_interval_ms < 1) {
		fprintf(stderr, "sim: bad measurement settings\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct sim s = {
		.vendor = "Acme Medical", .model = "BP-100", .firmware = "1.4.2",
		.serial = "SIM-000123", .sys = 120, .dia = 80, .pulse = 72,
		.cuff_interval_ms = 40, .slow_ms = 800,
	};
	struct sigaction sa = { .sa_handler = on_signal };
	int records = 3;

	if (parse_args(&s, argc, argv, &records))
		return 2;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.clock_base = time(NULL);
	s.clock_mono = now_ms();
	for (int i = 0; i < records; i++) {
		/* stored readings from earlier days: 2026-01-01.. 08:00 UTC */
		struct record *r = &s.rec[s.nrec++];

		r->when = 1767225600 + (time_t)i * 86400 + 8 * 3600;
		r->sys = 118 + i * 3;
		r->dia = 78 + i;
		r->map = map_of(r->sys, r->dia);
		r->pulse = 70 + i;
	}
	if (open_pty(&s)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n", strerror(errno));
		return 1;
	}
	sim_fault_announce(faults, NFAULTS, s.faults);
	while (!stop) {
		struct pollfd pfd = { .fd = s.master, .events = POLLIN };
		int64_t due = INT64_MAX, t = now_ms();
		int timeout = -1;

		if (s.phase != IDLE)
			due = s.next_event;
		if (s.slow[0] && s.slow_due < due)
			due = s.slow_due;
		if (due != INT64_MAX)
			timeout = due > t ? (int)(due - t) : 0;
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			break;
		if (pfd.revents & POLLIN)
			receive(&s);
		t = now_ms();
		if (s.slow[0] && t >= s.slow_due) {
			send_frame(&s, s.slow, false);
			s.slow[0] = 0;
		}
		if (s.phase != IDLE && t >= s.next_event)
			measurement_step(&s);
	}
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
