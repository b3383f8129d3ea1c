/* SPDX-License-Identifier: MIT */
#include "pos/geo.h"

#include <math.h>

#define DEG (M_PI / 180.0)

void geo_en(double lat0, double lon0, double lat, double lon, double *e,
	    double *n)
{
	double dlon = lon - lon0;

	/* the short way round the antimeridian */
	if (dlon > 180)
		dlon -= 360;
	else if (dlon < -180)
		dlon += 360;
	*n = (lat - lat0) * DEG * GEO_R;
	*e = dlon * DEG * GEO_R * cos(lat0 * DEG);
}

void geo_from_en(double lat0, double lon0, double e, double n, double *lat,
		 double *lon)
{
	*lat = lat0 + n / (GEO_R * DEG);
	*lon = lon0 + e / (GEO_R * DEG * cos(lat0 * DEG));
}

double geo_distance(double lat_ref, double lon_ref, double lat, double lon)
{
	double e, n;

	geo_en(lat_ref, lon_ref, lat, lon, &e, &n);
	return hypot(e, n);
}

void geo_site_to_wgs(const struct geo_site *s, double x, double y, double *lat,
		     double *lon)
{
	double c = cos(s->rot_deg * DEG), sn = sin(s->rot_deg * DEG);

	geo_from_en(s->lat0, s->lon0, x * c - y * sn, x * sn + y * c, lat, lon);
}

void geo_wgs_to_site(const struct geo_site *s, double lat, double lon,
		     double *x, double *y)
{
	double c = cos(s->rot_deg * DEG), sn = sin(s->rot_deg * DEG), e, n;

	geo_en(s->lat0, s->lon0, lat, lon, &e, &n);
	*x = e * c + n * sn;
	*y = -e * sn + n * c;
}

bool geo_fence_inside(const struct geo_fence *f, double lat, double lon)
{
	double e, n;
	bool in = false;

	geo_en(f->lat, f->lon, lat, lon, &e, &n);
	if (f->radius > 0)
		return hypot(e, n) <= f->radius;
	/* even-odd rule */
	for (size_t i = 0, j = f->nv - 1; i < f->nv; j = i++)
		if ((f->n[i] > n) != (f->n[j] > n) &&
		    e < (f->e[j] - f->e[i]) * (n - f->n[i]) /
				(f->n[j] - f->n[i]) +
			    f->e[i])
			in = !in;
	return in;
}
