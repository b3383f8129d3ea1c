/* SPDX-License-Identifier: MIT */
#include "pos/track.h"
#include "base/err.h"

#include <stdlib.h>
#include <string.h>

void pos_track_init(struct pos_track *tr)
{
	memset(tr, 0, sizeof(*tr));
}

void pos_track_release(struct pos_track *tr)
{
	free(tr->fix);
	free(tr->alarm);
	pos_track_init(tr);
}

/* Grow *arr of *cap elements of size sz so that one more fits. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return CC_OK;
	if (n >= POS_TRACK_MAX)
		return CC_ETOOBIG;
	ncap = *cap ? 2 * *cap : 256;
	if (ncap > POS_TRACK_MAX)
		ncap = POS_TRACK_MAX;
	p = realloc(*arr, ncap * sz);
	if (!p)
		return CC_ENOMEM;
	*arr = p;
	*cap = ncap;
	return CC_OK;
}

int pos_track_add_fix(struct pos_track *tr, const struct pos_fix *f)
{
	int rc = grow((void **)&tr->fix, &tr->capfix, tr->nfix, sizeof(*f));

	if (!rc)
		tr->fix[tr->nfix++] = *f;
	return rc;
}

int pos_track_add_alarm(struct pos_track *tr, const struct pos_alarm *a)
{
	int rc =
	    grow((void **)&tr->alarm, &tr->capalarm, tr->nalarm, sizeof(*a));

	if (!rc)
		tr->alarm[tr->nalarm++] = *a;
	return rc;
}
