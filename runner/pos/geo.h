/* SPDX-License-Identifier: MIT */
/*
 * Positions at lab scale (elderly-care reference sheet, ISO/IEC 18305):
 * WGS-84 latitude and longitude to local east and north metres about a
 * reference point, (dphi R, dlambda R cos phi) with R = 6 371 008.8 m (the
 * mean Earth radius), accurate to millimetres over a few kilometres; a site
 * frame (x, y in metres, its origin and rotation profile settings); and
 * geofences (a circle, or a polygon in the fence's own local frame).
 * Pure; no allocation.
 */
#ifndef CARECERT_POS_GEO_H
#define CARECERT_POS_GEO_H

#include <stdbool.h>
#include <stddef.h>

#define GEO_R 6371008.8 /* m, mean radius of the WGS-84 ellipsoid */
#define GEO_FENCE_MAX_VERTICES 32

/* East and north metres of (lat, lon) from (lat0, lon0), degrees. */
void geo_en(double lat0, double lon0, double lat, double lon, double *e,
	    double *n);
/* The inverse: the position e, n metres from (lat0, lon0). */
void geo_from_en(double lat0, double lon0, double e, double n, double *lat,
		 double *lon);
/* Horizontal distance in metres between a reference and a position. */
double geo_distance(double lat_ref, double lon_ref, double lat, double lon);

/* A site frame: x, y metres from an origin, the x axis rot_deg degrees
 * counter-clockwise from east (y 90 degrees further). */
struct geo_site {
	double lat0, lon0, rot_deg;
};
void geo_site_to_wgs(const struct geo_site *s, double x, double y, double *lat,
		     double *lon);
/* The inverse: a position's x, y in the site frame. */
void geo_wgs_to_site(const struct geo_site *s, double lat, double lon,
		     double *x, double *y);

struct geo_fence {
	char id[16];
	double lat, lon; /* centre (circle) or the frame's origin (polygon) */
	double radius;	 /* m; a circle when > 0 */
	double e[GEO_FENCE_MAX_VERTICES],
	    n[GEO_FENCE_MAX_VERTICES]; /* polygon */
	size_t nv;
};

/* Whether (lat, lon) is inside the fence (on the edge counts as inside). */
bool geo_fence_inside(const struct geo_fence *f, double lat, double lon);

#endif
