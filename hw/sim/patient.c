/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-patient: a simulated NIBP patient simulator (the reference
 * instrument a lab connects a blood-pressure monitor's cuff to), on a
 * pseudo-terminal. Lines end in CR LF:
 *   *IDN?             -> <vendor>,<model>,<serial>,<firmware>
 *   NIBP s,d,r        -> OK            (plays s/d mmHg at r bpm)
 *   NEXT              -> NIBP,s,d,r    (the next point of its sequence)
 *   NIBP?             -> NIBP,s,d,r
 *   anything else     -> ERR
 * What it plays is written to $CARECERT_BENCH/nibp ("s d r"), where a
 * coupled simulated monitor (carecert-sim-serial-bp --coupled) reads it:
 * the cuff between the two. The sequence spans 80-200 / 50-120 mmHg.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim-pty.h"

static const int sequence[][3] = {
	{ 120, 80, 72 }, { 90, 55, 60 },  { 150, 95, 80 }, { 180, 110, 90 },
	{ 100, 65, 66 }, { 135, 85, 75 }, { 200, 120, 95 }, { 80, 50, 58 },
	{ 160, 100, 85 }, { 110, 70, 70 }, { 140, 90, 78 }, { 170, 105, 88 },
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void say(int fd, const char *s)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "%s\r\n", s);

	for (int off = 0; off < n;) {
		ssize_t w = write(fd, line + off, (size_t)(n - off));

		if (w < 0 && errno == EAGAIN) {
			poll(&(struct pollfd){ .fd = fd, .events = POLLOUT }, 1, 100);
			continue;
		}
		if (w <= 0)
			return;
		off += (int)w;
	}
}

/* Play a point: the coupling file is written whole, then renamed, so the
 * monitor never reads half of it. */
static int play(const int p[3])
{
	const char *bench = getenv("CARECERT_BENCH");
	char path[4096], tmp[4200];
	FILE *f;

	if (!bench)
		return 0;
	snprintf(path, sizeof(path), "%s/nibp", bench);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "w")))
		return -1;
	fprintf(f, "%d %d %d\n", p[0], p[1], p[2]);
	if (fclose(f) || rename(tmp, path))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *idn = "Acme Biomedical,NIBP-SIM 2,PS-0099,1.0.0";
	int cur[3] = { 120, 80, 72 }, master, slave;
	size_t next = 0, len = 0;
	char in[256];

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-patient\nA NIBP patient simulator on a pty; prints \"PTY <path>\".\n");
		return 0;
	}
	if (sim_pty_open(&master, &slave)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n", strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		ssize_t n;
		char *nl;

		if (poll(&pfd, 1, -1) < 0)
			continue;
		n = read(master, in + len, sizeof(in) - 1 - len);
		if (n <= 0) {
			if (n < 0 && errno == EIO)
				usleep(20000); /* nobody on the slave side yet */
			continue;
		}
		len += (size_t)n;
		in[len] = 0;
		while ((nl = strchr(in, '\n'))) {
			char out[64];
			int p[3];

			*nl = 0;
			if (nl > in && nl[-1] == '\r')
				nl[-1] = 0;
			if (!strcmp(in, "*IDN?")) {
				say(master, idn);
			} else if (!strcmp(in, "NEXT") || !strcmp(in, "NIBP?")) {
				if (in[0] == 'N' && in[1] == 'E') {
					memcpy(cur, sequence[next], sizeof(cur));
					next = (next + 1) % (sizeof(sequence) / sizeof(sequence[0]));
				}
				snprintf(out, sizeof(out), "NIBP,%d,%d,%d", cur[0], cur[1], cur[2]);
				say(master, play(cur) ? "ERR,coupling" : out);
			} else if (sscanf(in, "NIBP %d,%d,%d", &p[0], &p[1], &p[2]) == 3 &&
				   p[0] > p[1] && p[1] > 0 && p[0] < 300 && p[2] > 0 && p[2] < 300) {
				memcpy(cur, p, sizeof(cur));
				say(master, play(cur) ? "ERR,coupling" : "OK");
			} else if (in[0]) {
				say(master, "ERR");
			}
			len -= (size_t)(nl + 1 - in);
			memmove(in, nl + 1, len + 1);
		}
		if (len == sizeof(in) - 1)
			len = 0;
	}
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
