/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-phd-bp: a simulated IEEE 11073-10407 blood-pressure agent
 * on a pseudo-terminal. It associates with the extended configuration
 * 0x4000 (NIBP compound SYS/DIA/MEAN in mmHg, pulse rate in bpm; the
 * layout of standard configuration 700) unless --config standard, and
 * reports 120/80 (93) mmHg, 72 bpm (docs/phd.md; faults: --help).
 */
#include "lib/sim-phd.h"

static const uint16_t nibp[] = {18949, 18950, 18951};
static const double nibp_v[] = {120, 80, 93};
static const double pulse_v[] = {72};

static const struct sim_phd_obj objs[] = {
	{1, 18948, 3872, nibp, 3, nibp_v},
	{2, 18474, 2720, NULL, 0, pulse_v},
};

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
};

int main(int argc, char **argv)
{
	return sim_phd_main(argc, argv, &dev);
}
