/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-serial-ecg: a simulated ECG monitor that reports the beats
 * it detects, on a pseudo-terminal.
 *
 * The waveform it is "fed" (what a patient simulator's leads would carry)
 * is ECGSYN (runner/ecgsyn.c) from --hr, --hr-std, --noise, --duration and
 * --seed, at --fs Hz, or the first signal of a WFDB record (--wfdb
 * DIR/NAME, e.g. MIT-BIH 100s); the device runs a real Pan-Tompkins QRS detector
 * (runner/qrs.c) on it. Protocol (lines end in CR LF, no checksum):
 *   host: START          device: BEAT,<seconds> for each beat, then END,<count>
 *   host: ID             device: ID,<vendor>,<model>,<firmware>,<serial>
 * anything else: ERR,unknown. The runner regenerates the same ECGSYN record
 * to know the true R-peak times and compares beat by beat (EC57).
 *
 * Faults: miss_beats (every 20th detected beat is not reported: 5 %),
 * extra_beats (a spurious beat 300 ms after every 20th), late_beats (every
 * beat reported 200 ms late, outside the 150 ms match window).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecgsyn.h"
#include "wfdb.h"
#include "qrs.h"
#include "sim-pty.h"

enum { F_MISS = 1, F_EXTRA = 2, F_LATE = 4 };

static const struct {
	const char *name;
	unsigned bit;
	const char *effect;
} faults[] = {
	{ "miss_beats", F_MISS, "every 20th beat is not reported (5 %)" },
	{ "extra_beats", F_EXTRA, "a spurious beat 300 ms after every 20th" },
	{ "late_beats", F_LATE, "every beat reported 200 ms late" },
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void report(int fd, const double *beats, size_t n, unsigned f)
{
	size_t sent = 0;

	for (size_t i = 0; i < n; i++) {
		bool nth = (i + 1) % 20 == 0;

		char line[64];

		if (!((f & F_MISS) && nth)) {
			snprintf(line, sizeof(line), "BEAT,%.3f", beats[i] + (f & F_LATE ? 0.2 : 0));
			sim_pty_say(fd, line);
			sent++;
		}
		if ((f & F_EXTRA) && nth) {
			snprintf(line, sizeof(line), "BEAT,%.3f", beats[i] + 0.3);
			sim_pty_say(fd, line);
			sent++;
		}
	}
	{
		char line[32];

		snprintf(line, sizeof(line), "END,%zu", sent);
		sim_pty_say(fd, line);
	}
}

/* The first signal of a WFDB record (path without extension), in mV,
 * through the detector. */
static int feed_record(const char *record, double **beats, size_t *nbeats, char *err,
		       size_t errlen)
{
	char hea[4096], dir[4096];
	struct wfdb_header *h = NULL;
	struct wfdb_samples *s = NULL;
	const char *slash = strrchr(record, '/');
	double *mv = NULL;
	int rc;

	snprintf(hea, sizeof(hea), "%s.hea", record);
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - record) : 1, slash ? record : ".");
	if ((rc = wfdb_header_read(hea, &h, err, errlen)) ||
	    (rc = wfdb_samples_read(h, dir, &s, err, errlen)))
		goto out;
	if (!(mv = malloc(s->nframes * sizeof(*mv)))) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < s->nframes; i++)
		mv[i] = wfdb_physical(&h->sig[0], s->v[i * (size_t)s->nsig]);
	rc = qrs_detect(mv, s->nframes, h->fs, beats, nbeats);
out:
	free(mv);
	wfdb_samples_free(s);
	wfdb_header_free(h);
	return rc;
}

struct device {
	const double *beats;
	size_t nbeats;
	unsigned faults;
	const char *id;
};

static void on_line(int fd, const char *line, void *data)
{
	const struct device *d = data;

	if (!strcmp(line, "START"))
		report(fd, d->beats, d->nbeats, d->faults);
	else if (!strcmp(line, "ID"))
		sim_pty_say(fd, d->id);
	else
		sim_pty_say(fd, "ERR,unknown");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' }, { "hr", required_argument, NULL, 'r' },
		{ "hr-std", required_argument, NULL, 's' }, { "noise", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' }, { "fs", required_argument, NULL, 'F' },
		{ "seed", required_argument, NULL, 'S' }, { "wfdb", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *id = "ID,Acme Medical,EC-1 Monitor,0.9.1,SIM-ECG-0001";
	struct ecgsyn_params p;
	struct ecgsyn_record *rec = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	double *beats = NULL;
	size_t nbeats = 0;
	char err[256];
	const char *record = NULL;
	unsigned f = 0;
	int ch, master, slave;

	ecgsyn_params_default(&p);
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		size_t i;

		switch (ch) {
		case 'f':
			for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
				if (!strcmp(faults[i].name, optarg))
					break;
			if (i == sizeof(faults) / sizeof(faults[0])) {
				fprintf(stderr, "sim: unknown fault '%s'\n", optarg);
				return 2;
			}
			f |= faults[i].bit;
			break;
		case 'r': p.hr_mean = atof(optarg); break;
		case 's': p.hr_std = atof(optarg); break;
		case 'n': p.noise = atof(optarg); break;
		case 'd': p.duration = atof(optarg); break;
		case 'F': p.fs = atof(optarg); break;
		case 'S': p.seed = strtoull(optarg, NULL, 10); break;
		case 'W': record = optarg; break;
		case 'h':
			printf("usage: carecert-sim-serial-ecg [--fault NAME]... [--hr BPM] [--hr-std BPM]\n"
			       "  [--noise MV] [--duration S] [--fs HZ] [--seed N]\n"
			       "faults: miss_beats, extra_beats, late_beats\n");
			return 0;
		default:
			return 2;
		}
	}
	if (record ? feed_record(record, &beats, &nbeats, err, sizeof(err))
		   : ecgsyn_generate(&p, &rec, err, sizeof(err)) ||
			     qrs_detect(rec->mv, rec->n, rec->fs, &beats, &nbeats)) {
		fprintf(stderr, "sim: cannot make the ECG: %s\n", err);
		return 1;
	}
	if (rec)
		fprintf(stderr, "sim: ECGSYN %.0f bpm, %zu R peaks, %zu beats detected\n",
			p.hr_mean, rec->npeaks, nbeats);
	else
		fprintf(stderr, "sim: record %s, %zu beats detected\n", record, nbeats);
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (f & faults[i].bit)
			fprintf(stderr, "sim: fault %s: %s\n", faults[i].name, faults[i].effect);
	if (sim_pty_open(&master, &slave)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n", strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	{
		struct device dev = { .beats = beats, .nbeats = nbeats, .faults = f, .id = id };

		sim_pty_serve(master, &stop, on_line, &dev);
	}
	free(beats);
	ecgsyn_record_free(rec);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
