/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-phd-bp: a simulated IEEE 11073-10407 blood-pressure agent
 * on a pseudo-terminal. It associates with the extended configuration
 * 0x4000 (NIBP compound SYS/DIA/MEAN in mmHg, pulse rate in bpm; the
 * layout of standard configuration 700) unless --config standard, and
 * reports 120/80 (93) mmHg, 72 bpm (docs/phd.md; faults: --help). With
 * --coupled its cuff is on carecert-sim-patient: a report for each set
 * point, read through the error model.
 */
#include <math.h>

#include "lib/sim-phd.h"

static const uint16_t nibp[] = {18949, 18950, 18951};
static const double nibp_v[] = {120, 80, 93};
static const double pulse_v[] = {72};

static const struct sim_phd_obj objs[] = {
	{1, 18948, 3872, nibp, 3, nibp_v},
	{2, 18474, 2720, NULL, 0, pulse_v},
};

/* The patient simulator's "SYS DIA RATE" through the cuff's error model;
 * MAP as the monitor computes it. */
static bool from_nibp(struct errmodel *m, const double *ref, double *v)
{
	enum errmodel_result rs = errmodel_read(m, ref[0], &v[0]);
	enum errmodel_result rd = errmodel_read(m, ref[1], &v[1]);

	if (errmodel_dropped(m) || rs != ERRMODEL_OK || rd != ERRMODEL_OK)
		return false;
	v[0] = round(v[0]);
	v[1] = round(v[1]);
	v[2] = round((v[0] + 2 * v[1]) / 3);
	v[3] = round(ref[2]);
	return true;
}

static const struct sim_phd_dev dev = {
	.name = "phd-bp",
	.manufacturer = "Acme Medical",
	.model = "BP-300 PHD",
	.profile = 4103,
	.std_config = 700,
	.extended_default = 1,
	.encoding = 0x8000,
	.obj = objs,
	.nobj = 2,
	.wrong_unit = 2720, /* pressure in bpm */
	.bench = "nibp",
	.nref = 3,
	.from_bench = from_nibp,
};

int main(int argc, char **argv)
{
	return sim_phd_main(argc, argv, &dev);
}
