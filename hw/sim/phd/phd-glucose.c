/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-phd-glucose: a simulated IEEE 11073-10417 glucose meter
 * agent on a pseudo-terminal. It associates with standard configuration
 * 1700 (capillary whole-blood glucose in mg/dL with a time stamp) unless
 * --config extended, sends encoding-rules 0xA000 (MDER or PER, as NXP and
 * UAAL agents do) and reports 96 mg/dL (docs/phd.md; faults: --help).
 */
#include "lib/sim-phd.h"

static const double glu_v[] = {96};

static const struct sim_phd_obj objs[] = {
	{1, 29112, 2130, NULL, 0, glu_v},
};

static const struct sim_phd_dev dev = {
	.name = "phd-glucose",
	.manufacturer = "Acme Medical",
	.model = "GM-50 PHD",
	.profile = 4113,
	.std_config = 1700,
	.extended_default = 0,
	.encoding = 0xA000,
	.obj = objs,
	.nobj = 1,
	.wrong_unit = 3872, /* glucose in mmHg */
};

int main(int argc, char **argv)
{
	return sim_phd_main(argc, argv, &dev);
}
