/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-study: a simulated clinical validation study, written as the
 * paired-data CSV a lab imports (subject,quantity,reference,device,unit).
 *
 * Each kind of device is measured against reference values spread as its
 * standard's study design asks, and the device's reading follows an error
 * model: reading = reference x (1 + gain) + bias + N(0, sd), per subject an
 * extra N(0, subject_sd), quantised to the device's resolution, clipped to
 * its range, with a share of dropouts (rows left out). The same arguments
 * and --seed give the same bytes, so a committed fixture can be checked by
 * regenerating it.
 *
 * kinds: bp (ISO 81060-2: 85 subjects x 3 determinations, systolic and
 * diastolic), glucose (ISO 15197: 100 subjects x 3, 30-450 mg/dL), spo2
 * (ISO 80601-2-61: 12 subjects x 20 over 70-100 %, plus pulse rate),
 * hr (EC13: reference rates 30-240 bpm, 3 runs), temp (ISO 80601-2-56:
 * 35.0-41.0 Cel, 5 probes).
 */
#define _XOPEN_SOURCE 700

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct model {
	double bias, sd, gain, subject_sd, quantum, dropout, lo, hi;
	const char *only; /* apply the error model to this quantity only */
	const struct model *good; /* the other quantities: a good device */
};

static uint64_t rng_state;

/* splitmix64: small, well-mixed and the same on every platform */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double uniform(void)
{
	return ((double)(rng_next() >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	/* Box-Muller; one of the pair is enough here */
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static void emit(const struct model *m, const char *subject, const char *quantity,
		 double ref, double subj_offset, const char *unit, int decimals)
{
	const struct model *e = !m->only || !strcmp(m->only, quantity) ? m : m->good;
	double dev = ref * (1 + e->gain) + e->bias + e->sd * gauss() +
		     (e == m ? subj_offset : 0);

	if (e->quantum > 0)
		dev = round(dev / e->quantum) * e->quantum;
	if (e->hi > e->lo)
		dev = fmin(fmax(dev, e->lo), e->hi);
	if (m->dropout > 0 && uniform() < m->dropout)
		return;
	printf("%s,%s,%.*f,%.*f,%s\n", subject, quantity, decimals, ref, decimals, dev, unit);
}

static void study_bp(const struct model *m)
{
	for (int s = 1; s <= 85; s++) {
		char id[16];
		/* spread over the ranges ISO 81060-2 asks for (low, high, >= 140) */
		double sys = 95 + 85 * uniform(), dia = 55 + 0.45 * (sys - 95) + 20 * uniform();
		double off_s = m->subject_sd * gauss(), off_d = m->subject_sd * gauss();

		snprintf(id, sizeof(id), "S%03d", s);
		for (int k = 0; k < 3; k++) {
			emit(m, id, "systolic", round(sys + 4 * gauss()), off_s, "mmHg", 0);
			emit(m, id, "diastolic", round(dia + 3 * gauss()), off_d, "mmHg", 0);
		}
	}
}

static void study_glucose(const struct model *m)
{
	for (int s = 1; s <= 100; s++) {
		char id[16];
		double ref = 30 + 420 * uniform() * uniform() + 20 * uniform();
		double off = m->subject_sd * gauss();

		snprintf(id, sizeof(id), "G%03d", s);
		for (int k = 0; k < 3; k++)
			emit(m, id, "glucose", round(ref + 3 * gauss()), off, "mg/dL", 0);
	}
}

static void study_spo2(const struct model *m, const struct model *pr)
{
	for (int s = 1; s <= 12; s++) {
		char id[16];
		double off = m->subject_sd * gauss();

		snprintf(id, sizeof(id), "P%02d", s);
		for (int k = 0; k < 20; k++) {
			/* plateaus from 100 down to 70 % as in a desaturation study */
			double sao2 = 100 - 30 * (k / 19.0) + 0.8 * gauss();

			sao2 = fmin(sao2, 100);
			emit(m, id, "spo2", round(sao2 * 10) / 10, off, "%", 1);
			emit(pr, id, "pulse_rate", round(60 + 40 * uniform()), 0, "bpm", 0);
		}
	}
}

static void study_hr(const struct model *m)
{
	static const int rates[] = { 30, 40, 60, 80, 100, 120, 150, 180, 210, 240 };

	for (int run = 1; run <= 3; run++) {
		char id[16];

		snprintf(id, sizeof(id), "run%d", run);
		for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
			emit(m, id, "heart_rate", rates[i], 0, "bpm", 0);
	}
}

static void study_temp(const struct model *m)
{
	for (int probe = 1; probe <= 5; probe++) {
		char id[16];

		snprintf(id, sizeof(id), "probe%d", probe);
		for (int k = 0; k <= 12; k++)
			emit(m, id, "temperature", 35.0 + 0.5 * k, 0, "Cel", 2);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-study --kind bp|glucose|spo2|hr|temp [--seed N]\n"
		   "  [--bias X] [--sd X] [--gain X] [--subject-sd X] [--quantum X]\n"
		   "  [--dropout P] [--only QUANTITY]\n"
		   "Writes a simulated validation study as paired-data CSV on stdout.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' }, { "seed", required_argument, NULL, 's' },
		{ "bias", required_argument, NULL, 'b' }, { "sd", required_argument, NULL, 'd' },
		{ "gain", required_argument, NULL, 'g' },
		{ "subject-sd", required_argument, NULL, 'S' },
		{ "quantum", required_argument, NULL, 'q' },
		{ "dropout", required_argument, NULL, 'p' },
		{ "only", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct model m = { .sd = -1, .quantum = -1 }, good;
	const char *kind = NULL;
	int ch;

	rng_state = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': kind = optarg; break;
		case 's': rng_state = strtoull(optarg, NULL, 10); break;
		case 'b': m.bias = atof(optarg); break;
		case 'd': m.sd = atof(optarg); break;
		case 'g': m.gain = atof(optarg) / 100; break;
		case 'S': m.subject_sd = atof(optarg); break;
		case 'q': m.quantum = atof(optarg); break;
		case 'p': m.dropout = atof(optarg); break;
		case 'o': m.only = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!kind) {
		usage(stderr);
		return 2;
	}
	printf("subject,quantity,reference,device,unit\n");
	/* a good device of each kind; the options change it */
	if (!strcmp(kind, "bp")) {
		good = (struct model){ .sd = 4, .quantum = 1 };
	} else if (!strcmp(kind, "glucose")) {
		good = (struct model){ .sd = 4, .quantum = 1, .lo = 20, .hi = 600 };
	} else if (!strcmp(kind, "spo2")) {
		good = (struct model){ .sd = 2, .quantum = 1, .lo = 0, .hi = 100 };
	} else if (!strcmp(kind, "hr")) {
		good = (struct model){ .sd = 1, .quantum = 1 };
	} else if (!strcmp(kind, "temp")) {
		good = (struct model){ .sd = 0.06, .quantum = 0.01 };
	} else {
		fprintf(stderr, "sim: unknown kind '%s'\n", kind);
		return 2;
	}
	m.sd = m.sd < 0 ? good.sd : m.sd;
	m.quantum = m.quantum < 0 ? good.quantum : m.quantum;
	m.lo = good.lo, m.hi = good.hi;
	m.good = &good;
	if (!strcmp(kind, "bp")) {
		study_bp(&m);
	} else if (!strcmp(kind, "glucose")) {
		study_glucose(&m);
	} else if (!strcmp(kind, "spo2")) {
		struct model pr = { .sd = 1.5, .quantum = 1, .good = &good };

		study_spo2(&m, &pr);
	} else if (!strcmp(kind, "hr")) {
		study_hr(&m);
	} else {
		study_temp(&m);
	}
	return fflush(stdout) ? 1 : 0;
}
