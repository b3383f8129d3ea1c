/* SPDX-License-Identifier: MIT */
#include "core/step.h"

/* One line per domain; the definitions live in the domain folders. */
extern const struct step_family step_family_gatt;     /* ble/suite-gatt.c */
extern const struct step_family step_family_http;     /* http/suite-http.c */
extern const struct step_family step_family_accuracy; /* accuracy/suite-acc.c */
extern const struct step_family step_family_ecg;      /* ecg/suite-ecg.c */
extern const struct step_family step_family_pos;      /* pos/suite-pos.c */
extern const struct step_family step_family_phd;      /* phd/suite-phd.c */
extern const struct step_family step_family_fall;     /* fall/suite-fall.c */
extern const struct step_family step_family_care;     /* care/suite-care.c */
extern const struct step_family step_family_web;      /* web/suite-web.c */

static const struct step_family *const families[] = {
	&step_family_gatt,
	&step_family_accuracy,
	&step_family_ecg,
	&step_family_http,
	&step_family_pos,
	&step_family_phd,
	&step_family_fall,
	&step_family_care,
	&step_family_web,
};

_Static_assert(sizeof(families) / sizeof(families[0]) <= STEP_FAMILIES_MAX,
	       "a family without a family_run slot");

size_t step_family_index(const struct step_family *f)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i] == f)
			return i;
	return STEP_FAMILIES_MAX;
}

const struct step_family *step_family_of(enum step_kind kind)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		for (size_t k = 0; k < families[i]->nkinds; k++)
			if (families[i]->kinds[k] == kind)
				return families[i];
	return NULL;
}

const struct step_family *step_family_at(size_t i)
{
	return i < sizeof(families) / sizeof(families[0]) ? families[i] : NULL;
}
