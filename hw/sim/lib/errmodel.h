/* SPDX-License-Identifier: MIT */
/*
 * The error model of a simulated device's measurement chain, shared by the
 * coupled simulators (serial-bp, ble-plx, ble-thermo) and the bath's
 * reference thermometer: what a device reads when the bench presents it a
 * true value `ref`:
 *
 *   reading = ref * (1 + gain) + bias + N(0, noise_sd)
 *   then rounded to a multiple of quantum (the resolution; 0: none),
 *   then, outside the rated range [lo, hi] (only when lo < hi), no value:
 *   the device reports its "out of range" special value instead.
 *
 * Separately, a share `dropout` of measurements is not delivered (or is
 * reported as unavailable): errmodel_dropped() draws that once per
 * measurement, so a device with several values drops them together.
 *
 * The generator is glibc's rand_r() written out (state `seed`), so a seed
 * gives the same readings on every libc and the serial-bp bench kept its
 * results when it moved here. errmodel_read() always draws two numbers
 * (Box-Muller), even with noise_sd 0; errmodel_dropped() draws one only
 * when dropout > 0. Nothing here allocates; a model is a plain value.
 */
#ifndef CARECERT_ERRMODEL_H
#define CARECERT_ERRMODEL_H

#include <stdbool.h>

/* What errmodel_take_args() accepts, for a simulator's usage text. */
#define ERRMODEL_USAGE \
	"  --bias X        added to every reading (the quantity's unit)\n" \
	"  --noise-sd X    Gaussian noise of SD X\n" \
	"  --gain G        reading = reference x (1 + G) + bias + noise\n" \
	"  --quantum Q     resolution: readings rounded to multiples of Q\n" \
	"  --dropout F     share F (0..1) of measurements not delivered\n" \
	"  --range LO:HI   rated range; readings outside give the special value\n" \
	"  --seed N        generator seed (default 1): same seed, same readings\n"

#define ERRMODEL_RAND_MAX 2147483647 /* glibc's RAND_MAX */

struct errmodel {
	double bias, noise_sd, gain, quantum, dropout;
	double lo, hi; /* rated range; used only when lo < hi */
	unsigned seed; /* generator state */
};

enum errmodel_result {
	ERRMODEL_OK,    /* *reading holds the value */
	ERRMODEL_BELOW, /* under the rated range: no value */
	ERRMODEL_ABOVE, /* over the rated range: no value */
};

/* No error, no range, seed 1. */
void errmodel_init(struct errmodel *m);

/* Take the model's options out of argv before the device parses its own:
 * --<prefix>bias X (or --<prefix>bias=X), noise-sd, gain, quantum,
 * dropout, range LO:HI, seed. A device with two quantities keeps one model
 * each (prefix "" and e.g. "pr-"). argv is compacted and *argc reduced;
 * argv[0] and everything after "--" are left alone. Returns 0, or -1
 * after a message on stderr (a bad or missing value). */
int errmodel_take_args(struct errmodel *m, const char *prefix, int *argc, char **argv);

/* The next number of the generator, 0..ERRMODEL_RAND_MAX. */
int errmodel_next(struct errmodel *m);

/* Uniform in (0, 1), never 0 or 1. */
double errmodel_uniform(struct errmodel *m);

/* Standard normal (Box-Muller). */
double errmodel_gauss(struct errmodel *m);

/* One measurement's draw: true when it is not delivered. */
bool errmodel_dropped(struct errmodel *m);

/* What the device reads for the true value ref (above). */
enum errmodel_result errmodel_read(struct errmodel *m, double ref, double *reading);

#endif
