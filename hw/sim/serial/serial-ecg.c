/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-serial-ecg: a simulated ECG monitor that reports the beats
 * it detects and the heart rate it displays, on a pseudo-terminal.
 *
 * The waveform it is "fed" (what a patient simulator's leads would carry)
 * is ECGSYN (runner/ecg/ecgsyn.c) from --hr, --hr-std, --noise, --duration and
 * --seed, at --fs Hz, or the first signal of a WFDB record (--wfdb
 * DIR/NAME, e.g. MIT-BIH 100s); the host may also choose an ECGSYN rate or
 * a rate step for one run (hr-std, noise, fs and seed stay the options').
 * The device runs a real Pan-Tompkins QRS detector (runner/ecg/qrs.c) on it,
 * sample by sample, and after each beat shows the heart rate: 60 over the
 * mean of the last --hr-average RR intervals (default 8; fewer until that
 * many beats are in; only the last 4 when the last 3 are all over 1.2 s,
 * a slow rate, as monitors do), rounded to 1 bpm, at the time the detector decided
 * the beat (the beat's time plus the detector's delay), as a monitor's
 * display would update. Nothing is paced in real time: every time is the
 * stimulus's own clock, so a 40 s stimulus is reported at once.
 * Protocol (lines end in CR LF, no checksum):
 *   host: START                        the options' ECG (ECGSYN or --wfdb)
 *   host: START RATE,<bpm>,<s>         ECGSYN at <bpm> for <s> seconds
 *   host: START STEP,<bpm1>,<bpm2>,<at>,<s>
 *                                      ECGSYN at <bpm1>, <bpm2> from <at> s
 *   device: BEAT,<seconds> for each beat, each followed (from the second
 *           beat on) by HR,<seconds shown>,<bpm>; then END,<beats>
 *   host: ID             device: ID,<vendor>,<model>,<firmware>,<serial>
 * anything else, or a stimulus ECGSYN refuses: ERR,<reason>. The runner
 * regenerates the same ECGSYN record to know the true R-peak times and
 * compares beat by beat (EC57), or judges the shown rate against the
 * stimulus's (EC13: accuracy, response time to a step).
 *
 * Faults: miss_beats (every 20th detected beat is not reported: 5 %),
 * extra_beats (a spurious beat 300 ms after every 20th), late_beats (every
 * beat reported 200 ms late, outside the 150 ms match window),
 * slow_hr_response (the rate averages 32 RR intervals, whatever
 * --hr-average and the rate: slow to follow a step), hr_off8 (the shown rate is
 * 8 % high, as from a timebase running 8 % slow). The beat and rate faults
 * combine: the rate is computed from the beats as reported.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecg/ecgsyn.h"
#include "ecg/wfdb.h"
#include "ecg/qrs.h"
#include "lib/sim-fault.h"
#include "lib/sim-pty.h"

enum { F_MISS = 1, F_EXTRA = 2, F_LATE = 4, F_SLOW_HR = 8, F_HR_OFF8 = 16 };

#define SLOW_HR_AVERAGE 32 /* RR intervals averaged with slow_hr_response */
#define SLOW_RR 1.2		/* s: RR intervals of a slow rate (under 50 bpm) */
#define SLOW_RATE_AVERAGE 4	/* RR intervals averaged at a slow rate */
#define HR_AVERAGE_MAX 64

static const struct sim_fault faults[] = {
	{ "miss_beats", F_MISS, "every 20th beat is not reported (5 %)" },
	{ "extra_beats", F_EXTRA, "a spurious beat 300 ms after every 20th" },
	{ "late_beats", F_LATE, "every beat reported 200 ms late" },
	{ "slow_hr_response", F_SLOW_HR, "the heart rate averages 32 RR intervals" },
	{ "hr_off8", F_HR_OFF8, "the heart rate is shown 8 % high" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The detector's beats, each with the time it was decided (seconds of the
 * stimulus: the sample the detector had just been fed). */
struct beats {
	double *t, *decided;
	size_t n;
};

static void beats_free(struct beats *b)
{
	free(b->t);
	free(b->decided);
	*b = (struct beats){ 0 };
}

/* Run the detector sample by sample, as the device would, noting when each
 * beat appears; the beats are those of qrs_detect (chunking does not
 * change them). */
static int detect(const double *mv, size_t n, double fs, struct beats *out)
{
	struct qrs_det *d = NULL;
	const double *bt;
	size_t nb = 0, cap = 0;
	int rc;

	*out = (struct beats){ 0 };
	if ((rc = qrs_new(fs, &d)))
		return rc;
	for (size_t i = 0; i <= n && !rc; i++) {
		size_t now;

		rc = i < n ? qrs_feed(d, mv + i, 1) : qrs_finish(d);
		bt = qrs_beats(d, &now);
		for (; !rc && nb < now; nb++) {
			if (nb == cap) {
				size_t nc = cap ? 2 * cap : 256;
				double *t = realloc(out->t, nc * sizeof(*t));
				double *dd = t ? realloc(out->decided, nc * sizeof(*dd)) : NULL;

				if (t)
					out->t = t;
				if (!t || !dd) {
					rc = -1;
					break;
				}
				out->decided = dd;
				cap = nc;
			}
			out->t[nb] = bt[nb];
			/* decided on the sample just fed; at the end, the last */
			out->decided[nb] = (double)(i < n ? i : n - 1) / fs;
			out->n = nb + 1;
		}
	}
	qrs_free(d);
	if (rc)
		beats_free(out);
	return rc;
}

/* The beats as the device reports them (faults applied), then the rate it
 * shows after each: 60 over the mean of the last `avg` RR intervals. */
static void report(int fd, const struct beats *b, unsigned f, size_t avg)
{
	double *t = malloc((2 * b->n + 1) * sizeof(*t));
	double *shown = malloc((2 * b->n + 1) * sizeof(*shown));
	size_t n = 0;
	char line[64];

	if (!t || !shown) {
		free(t);
		free(shown);
		sim_pty_say(fd, "ERR,out of memory");
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		bool nth = (i + 1) % 20 == 0;
		double late = f & F_LATE ? 0.2 : 0;

		if (!((f & F_MISS) && nth)) {
			t[n] = b->t[i] + late;
			shown[n++] = b->decided[i] + late;
		}
		if ((f & F_EXTRA) && nth) {
			t[n] = b->t[i] + 0.3;
			shown[n++] = fmax(b->decided[i], b->t[i] + 0.3);
		}
	}
	if (f & F_SLOW_HR)
		avg = SLOW_HR_AVERAGE;
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "BEAT,%.3f", t[i]);
		sim_pty_say(fd, line);
		if (i) {
			size_t k = i < avg ? i : avg;
			double bpm;

			/* slow rates: the last 3 RR over 1.2 s, average only 4,
			 * as monitors disclose (IEC 60601-2-27 asks how the
			 * rate is averaged), so a fall to 40 bpm shows soon */
			if (!(f & F_SLOW_HR) && k > SLOW_RATE_AVERAGE && i >= 3 &&
			    t[i] - t[i - 1] > SLOW_RR && t[i - 1] - t[i - 2] > SLOW_RR &&
			    t[i - 2] - t[i - 3] > SLOW_RR)
				k = SLOW_RATE_AVERAGE;
			/* mean RR of the last k intervals: (t[i] - t[i-k]) / k */
			bpm = 60.0 * (double)k / (t[i] - t[i - k]);

			if (f & F_HR_OFF8)
				bpm *= 1.08;
			snprintf(line, sizeof(line), "HR,%.3f,%.0f", shown[i], bpm);
			sim_pty_say(fd, line);
		}
	}
	snprintf(line, sizeof(line), "END,%zu", n);
	sim_pty_say(fd, line);
	free(t);
	free(shown);
}

/* The first signal of a WFDB record (path without extension), in mV,
 * through the detector. */
static int feed_record(const char *record, struct beats *beats, char *err, size_t errlen)
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
	rc = detect(mv, s->nframes, h->fs, beats);
out:
	free(mv);
	wfdb_samples_free(s);
	wfdb_header_free(h);
	return rc;
}

/* An ECGSYN record through the detector. */
static int feed_ecgsyn(const struct ecgsyn_params *p, struct beats *beats, char *err,
		       size_t errlen)
{
	struct ecgsyn_record *rec = NULL;
	int rc = ecgsyn_generate(p, &rec, err, errlen);

	if (!rc && (rc = detect(rec->mv, rec->n, rec->fs, beats)))
		snprintf(err, errlen, "out of memory");
	if (!rc)
		fprintf(stderr, "sim: ECGSYN %.0f bpm%s, %zu R peaks, %zu beats detected\n",
			p->hr_mean, p->nchanges ? " with a rate step" : "", rec->npeaks, beats->n);
	ecgsyn_record_free(rec);
	return rc;
}

struct device {
	const struct beats *beats; /* of the options' ECG */
	struct ecgsyn_params syn;  /* the options' ECGSYN parameters */
	unsigned faults;
	size_t hr_average;
	const char *id;
};

/* "RATE,<bpm>,<s>" or "STEP,<bpm1>,<bpm2>,<at>,<s>": the ECGSYN
 * parameters for it, or false. */
static bool parse_stimulus(const char *arg, struct ecgsyn_params *p)
{
	double bpm, bpm2, at, dur;
	int used = 0;

	if (sscanf(arg, "RATE,%lf,%lf%n", &bpm, &dur, &used) == 2 && !arg[used]) {
		p->hr_mean = bpm;
		p->duration = dur;
		p->nchanges = 0;
		return true;
	}
	if (sscanf(arg, "STEP,%lf,%lf,%lf,%lf%n", &bpm, &bpm2, &at, &dur, &used) == 4 &&
	    !arg[used]) {
		p->hr_mean = bpm;
		p->duration = dur;
		p->nchanges = 1;
		p->changes[0] = (struct ecgsyn_rate_change){ .at = at, .hr = bpm2 };
		return true;
	}
	return false;
}

static void on_line(int fd, const char *line, void *data)
{
	const struct device *d = data;

	if (!strcmp(line, "START")) {
		report(fd, d->beats, d->faults, d->hr_average);
	} else if (!strncmp(line, "START ", 6)) {
		struct ecgsyn_params p = d->syn;
		struct beats b;
		char err[256], msg[300];

		if (!parse_stimulus(line + 6, &p)) {
			sim_pty_say(fd, "ERR,stimulus");
		} else if (feed_ecgsyn(&p, &b, err, sizeof(err))) {
			/* e.g. a rate ECGSYN refuses: say which */
			snprintf(msg, sizeof(msg), "ERR,%s", err);
			sim_pty_say(fd, msg);
		} else {
			report(fd, &b, d->faults, d->hr_average);
			beats_free(&b);
		}
	} else if (!strcmp(line, "ID")) {
		sim_pty_say(fd, d->id);
	} else {
		sim_pty_say(fd, "ERR,unknown");
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' }, { "hr", required_argument, NULL, 'r' },
		{ "hr-std", required_argument, NULL, 's' }, { "noise", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' }, { "fs", required_argument, NULL, 'F' },
		{ "seed", required_argument, NULL, 'S' }, { "wfdb", required_argument, NULL, 'W' },
		{ "hr-average", required_argument, NULL, 'A' }, { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *id = "ID,Acme Medical,EC-1 Monitor,0.9.1,SIM-ECG-0001";
	struct ecgsyn_params p;
	struct sigaction sa = { .sa_handler = on_signal };
	struct beats beats;
	long avg = 8;
	char err[256] = "", *end;
	const char *record = NULL;
	unsigned f = 0;
	int ch, master, slave;

	ecgsyn_params_default(&p);
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &f))
				return 2;
			break;
		case 'r': p.hr_mean = atof(optarg); break;
		case 's': p.hr_std = atof(optarg); break;
		case 'n': p.noise = atof(optarg); break;
		case 'd': p.duration = atof(optarg); break;
		case 'F': p.fs = atof(optarg); break;
		case 'S': p.seed = strtoull(optarg, NULL, 10); break;
		case 'W': record = optarg; break;
		case 'A':
			avg = strtol(optarg, &end, 10);
			if (*end || avg < 1 || avg > HR_AVERAGE_MAX) {
				fprintf(stderr, "sim: --hr-average must be 1...%d RR intervals\n",
					HR_AVERAGE_MAX);
				return 2;
			}
			break;
		case 'h':
			printf("usage: carecert-sim-serial-ecg [--fault NAME]... [--hr BPM] [--hr-std BPM]\n"
			       "  [--noise MV] [--duration S] [--fs HZ] [--seed N] [--wfdb DIR/NAME]\n"
			       "  [--hr-average N]\n");
			sim_fault_list(stdout, faults, NFAULTS);
			return 0;
		default:
			return 2;
		}
	}
	if (record ? feed_record(record, &beats, err, sizeof(err))
		   : feed_ecgsyn(&p, &beats, err, sizeof(err))) {
		fprintf(stderr, "sim: cannot make the ECG: %s\n", err);
		return 1;
	}
	if (record)
		fprintf(stderr, "sim: record %s, %zu beats detected\n", record, beats.n);
	fprintf(stderr, "sim: heart rate over the last %ld RR intervals\n",
		f & F_SLOW_HR ? (long)SLOW_HR_AVERAGE : avg);
	sim_fault_announce(faults, NFAULTS, f);
	if (sim_pty_open(&master, &slave)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n", strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	{
		struct device dev = { .beats = &beats, .syn = p, .faults = f,
				      .hr_average = (size_t)avg, .id = id };

		sim_pty_serve(master, &stop, on_line, &dev);
	}
	beats_free(&beats);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
