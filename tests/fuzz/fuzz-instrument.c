/* SPDX-License-Identifier: MIT */
/*
 * Reference-instrument drivers (bench/instrument.c): a lab writes these
 * YAML files; instrument_driver_load() of the input as a file.
 */
#include <limits.h>
#include <stdio.h>

#include "bench/instrument.h"
#include "fuzz.h"

static const char *const seeds[] = {"hw/instruments/*.yaml", NULL};

const struct fuzz_harness fuzz_harness = {.name = "instrument", .seeds = seeds};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct instrument_driver *drv;
	char path[PATH_MAX];
	struct diag d;

	snprintf(path, sizeof(path), "%s/driver.yaml", fuzz_tmpdir());
	fuzz_write(path, data, size);
	diag_init(&d);
	drv = instrument_driver_load(path, &d);
	fuzz_assert(drv || diag_count(&d));
	if (drv) {
		fuzz_assert(drv->terminator[0]);
		for (size_t i = 0; i < drv->ncmd; i++)
			fuzz_assert(
			    instrument_command_find(drv, drv->cmd[i].name));
	}
	instrument_driver_free(drv);
	diag_release(&d);
	return 0;
}
