/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-motion: a simulated motion replay instrument (on a real
 * bench a motion platform or a dummy the wearable is strapped to), on a
 * pseudo-terminal. Lines end in CR LF:
 *   *IDN?   -> <vendor>,<model>,<serial>,<firmware>
 *   PLAY
 * seed,subjects,reps,fs,pre,post,lie,gap,compression,shield_from,shield_to,types
 *           -> PLAY,<trials>,<session s>,<set sha256>,<lead ms>
 *      plays the SisFall trial set the generator makes from these
 *      (fall/fallgen.h; types "all" or codes joined by '+'), each trial
 *      followed by gap s standing still, compression times faster than
 *      real time, starting lead ms after the reply; the radio shielded
 *      from shield_from to shield_to s of motion time (both 0: never)
 *   PLAYCSV gap,compression,shield_from,shield_to,file
 *           -> the same for a lab's recorded trials (fall/fallcsv.h)
 *   STOP    -> OK
 *   anything else -> ERR[,why]
 * What it plays goes to the bench file "motion" (hw/sim/lib/sim-motion.h),
 * where a wearable riding on it (carecert-sim-ble-fall) feels it.
 *
 * carecert-sim-motion --export seed,subjects,fs,pre,post,lie,types writes
 * that set as the CSV a lab would record (fall/fallcsv.h) on stdout
 * instead: fixtures/fall/ is made this way.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fall/fallcsv.h"
#include "fall/fallgen.h"
#include "lib/sim-motion.h"
#include "lib/sim-pty.h"

#define LEAD_MS 300 /* the wearable notices a new session within this */
#define MAX_CODES 34

struct state {
	uint64_t id;
};

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The set laid out: each trial, then gap s upright and still. */
static int play(int fd, struct state *st, struct fall_set *set, double gap,
		double comp, double sf, double stt)
{
	struct motion_session m = {
	    .compression = comp, .shield_from = sf, .shield_to = stt};
	size_t n = 0, k = 0, g;
	char hash[65], out[160];
	double fs = set->n ? set->v[0].fs : 0;
	int64_t lead;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].fs != fs) {
			sim_pty_say(fd, "ERR,trials at different rates");
			return -1;
		}
	g = (size_t)(gap * fs + 0.5);
	for (size_t i = 0; i < set->n; i++)
		n += set->v[i].n + g;
	if (!set->n || n > MOTION_SAMPLES_MAX ||
	    !(m.s = calloc(n, sizeof(*m.s)))) {
		sim_pty_say(fd, "ERR,too long");
		return -1;
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct fall_trial *t = &set->v[i];

		for (size_t j = 0; j < t->n; j++, k++)
			for (int a = 0; a < 3; a++) {
				m.s[k][a] = t->acc[j][a];
				m.s[k][3 + a] = t->gyro ? t->gyro[j][a] : 0;
			}
		for (size_t j = 0; j < g; j++, k++)
			m.s[k][2] = (int16_t)FALL_ACC_LSB_PER_G;
	}
	fall_set_hash(set, hash);
	m.id = ++st->id + (uint64_t)mono_ns(); /* unique across restarts */
	m.fs = fs;
	m.n = n;
	m.start_ns = mono_ns() + (int64_t)LEAD_MS * 1000000;
	if (motion_write(&m)) {
		free(m.s);
		sim_pty_say(fd, "ERR,coupling");
		return -1;
	}
	free(m.s);
	fprintf(
	    stderr,
	    "sim: playing %zu trials, %.1f s of motion at %gx (set %.16s...)\n",
	    set->n, (double)n / fs, comp, hash);
	/* the lead left once the file is written: the host's clock starts
	 * from the reply */
	lead = (m.start_ns - mono_ns()) / 1000000;
	snprintf(out, sizeof(out), "PLAY,%zu,%.3f,%s,%lld", set->n,
		 (double)n / fs, hash, lead > 0 ? (long long)lead : 0LL);
	sim_pty_say(fd, out);
	return 0;
}

static bool parse_types(char *s, const char **codes, size_t *n)
{
	*n = 0;
	if (!strcmp(s, "all"))
		return true;
	for (char *save = NULL, *c = strtok_r(s, "+", &save); c;
	     c = strtok_r(NULL, "+", &save)) {
		if (*n == MAX_CODES || !fall_type_find(c))
			return false;
		codes[(*n)++] = c;
	}
	return *n > 0;
}

static void on_play(int fd, struct state *st, const char *in)
{
	struct fallgen_params p;
	unsigned long long seed;
	unsigned subj, reps;
	double gap, comp, sf, stt;
	char types[400], err[200];
	const char *codes[MAX_CODES];
	size_t nc;
	struct fall_set *set;

	fallgen_params_default(&p);
	if (sscanf(in, "PLAY %llu,%u,%u,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%399s",
		   &seed, &subj, &reps, &p.fs, &p.pre_s, &p.post_s, &p.lie_s,
		   &gap, &comp, &sf, &stt, types) != 12 ||
	    !parse_types(types, codes, &nc) || !(gap >= 0 && gap <= 3600) ||
	    !(comp >= 1 && comp <= 10000)) {
		sim_pty_say(fd, "ERR,arguments");
		return;
	}
	p.seed = seed;
	p.subjects = subj;
	p.reps = reps;
	p.codes = nc ? codes : NULL;
	p.ncodes = nc;
	if (fallgen_set(&p, &set, err, sizeof(err))) {
		sim_pty_say(fd, "ERR,trials");
		fprintf(stderr, "sim: %s\n", err);
		return;
	}
	play(fd, st, set, gap, comp, sf, stt);
	fall_set_free(set);
}

static void on_play_csv(int fd, struct state *st, const char *in)
{
	double gap, comp, sf, stt;
	int off = 0;
	struct fall_set *set;
	struct diag d;

	if (sscanf(in, "PLAYCSV %lf,%lf,%lf,%lf,%n", &gap, &comp, &sf, &stt,
		   &off) != 4 ||
	    !off || !(gap >= 0 && gap <= 3600) ||
	    !(comp >= 1 && comp <= 10000)) {
		sim_pty_say(fd, "ERR,arguments");
		return;
	}
	diag_init(&d);
	if (fallcsv_read(in + off, &set, &d)) {
		diag_print(&d, stderr);
		diag_release(&d);
		sim_pty_say(fd, "ERR,trials");
		return;
	}
	diag_release(&d);
	play(fd, st, set, gap, comp, sf, stt);
	fall_set_free(set);
}

static void on_line(int fd, const char *in, void *data)
{
	static const char *const idn =
	    "Acme Motion,MR-6 Motion Replay,MR-0006,1.0.0";
	struct state *st = data;

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, idn);
	} else if (!strncmp(in, "PLAY ", 5)) {
		on_play(fd, st, in);
	} else if (!strncmp(in, "PLAYCSV ", 8)) {
		on_play_csv(fd, st, in);
	} else if (!strcmp(in, "STOP")) {
		struct motion_session m = {.id = ++st->id + (uint64_t)mono_ns(),
					   .compression = 1,
					   .fs = 1};

		sim_pty_say(fd, motion_write(&m) ? "ERR,coupling" : "OK");
	} else {
		sim_pty_say(fd, "ERR");
	}
}

/* The set as CSV: time,ax,ay,az,gx,gy,gz,label (label CODE_Snn_Rnn). */
static int export_csv(const char *spec)
{
	struct fallgen_params p;
	unsigned long long seed;
	char types[400], err[200];
	const char *codes[MAX_CODES];
	size_t nc;
	struct fall_set *set;

	fallgen_params_default(&p);
	if (sscanf(spec, "%llu,%u,%lf,%lf,%lf,%lf,%399s", &seed, &p.subjects,
		   &p.fs, &p.pre_s, &p.post_s, &p.lie_s, types) != 7 ||
	    !parse_types(types, codes, &nc)) {
		fprintf(stderr,
			"sim: --export seed,subjects,fs,pre,post,lie,types\n");
		return 2;
	}
	p.seed = seed;
	p.codes = nc ? codes : NULL;
	p.ncodes = nc;
	if (fallgen_set(&p, &set, err, sizeof(err))) {
		fprintf(stderr, "sim: %s\n", err);
		return 2;
	}
	printf("time,ax,ay,az,gx,gy,gz,label\n");
	for (size_t i = 0; i < set->n; i++) {
		const struct fall_trial *t = &set->v[i];

		for (size_t j = 0; j < t->n; j++)
			printf("%.3f,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f,%s_S%02u_R%"
			       "02u\n",
			       (double)j / t->fs,
			       t->acc[j][0] / FALL_ACC_LSB_PER_G,
			       t->acc[j][1] / FALL_ACC_LSB_PER_G,
			       t->acc[j][2] / FALL_ACC_LSB_PER_G,
			       t->gyro[j][0] / FALL_GYRO_LSB_PER_DPS,
			       t->gyro[j][1] / FALL_GYRO_LSB_PER_DPS,
			       t->gyro[j][2] / FALL_GYRO_LSB_PER_DPS, t->label,
			       t->subject + 1, t->rep + 1);
	}
	fall_set_free(set);
	return 0;
}

int main(int argc, char **argv)
{
	struct state st = {0};

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-motion [--export "
		       "seed,subjects,fs,pre,post,lie,types]\n"
		       "A motion replay instrument on a pty; prints \"PTY "
		       "<path>\".\n");
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--export"))
		return export_csv(argv[2]);
	return sim_pty_run(on_line, &st);
}
