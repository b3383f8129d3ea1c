/* SPDX-License-Identifier: MIT */
/*
 * Positioning figures (pos/posmetrics.c), distances (pos/geo.c) and truth
 * (pos/truth.c) on tracks whose answers were computed by hand: errors of
 * 1..10 m give CE50 5.5 m and CE95 9.55 m by the type-7 percentile, mean
 * 5.5 m, RMS sqrt(38.5) m; a walk through a fence's edge at 15 s; CSV
 * errors located by line and column.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "pos/geo.h"
#include "pos/posmetrics.h"
#include "pos/truth.h"
#include "testutil.h"

#define LAT0 31.2304
#define LON0 121.4737

START_TEST(test_geo)
{
	double e, n, lat, lon;
	struct geo_site site = {LAT0, LON0, 90};
	struct geo_fence sq = {.id = "sq",
			       .lat = LAT0,
			       .lon = LON0,
			       .nv = 4,
			       .e = {-10, 10, 10, -10},
			       .n = {-10, -10, 10, 10}};

	/* one degree of latitude is R pi / 180 */
	ck_assert_double_eq_tol(geo_distance(10, 20, 11, 20),
				GEO_R * M_PI / 180, 1e-6);
	ck_assert_double_eq_tol(111195.08, GEO_R * M_PI / 180, 0.01);
	geo_from_en(LAT0, LON0, 30, -40, &lat, &lon);
	geo_en(LAT0, LON0, lat, lon, &e, &n);
	ck_assert_double_eq_tol(e, 30, 1e-6);
	ck_assert_double_eq_tol(n, -40, 1e-6);
	ck_assert_double_eq_tol(geo_distance(LAT0, LON0, lat, lon), 50, 1e-6);
	/* the antimeridian: 0.001 degree apart, not 359.999 */
	ck_assert(geo_distance(0, 179.9995, 0, -179.9995) < 112);
	/* rotated 90 degrees: the site's x axis points north */
	geo_site_to_wgs(&site, 10, 0, &lat, &lon);
	geo_en(LAT0, LON0, lat, lon, &e, &n);
	ck_assert_double_eq_tol(e, 0, 1e-6);
	ck_assert_double_eq_tol(n, 10, 1e-6);
	geo_from_en(LAT0, LON0, 9, 9, &lat, &lon);
	ck_assert(geo_fence_inside(&sq, lat, lon));
	geo_from_en(LAT0, LON0, 11, 0, &lat, &lon);
	ck_assert(!geo_fence_inside(&sq, lat, lon));
}
END_TEST

static void stationary(struct truth *tr, size_t n)
{
	memset(tr, 0, sizeof(*tr));
	tr->p = calloc(n, sizeof(*tr->p));
	ck_assert_ptr_nonnull(tr->p);
	tr->n = n;
	tr->has_alt = true;
	for (size_t i = 0; i < n; i++) {
		tr->p[i].t = (double)i;
		tr->p[i].lat = LAT0;
		tr->p[i].lon = LON0;
		tr->p[i].alt = 10;
		tr->p[i].signal = true;
	}
}

static void add_fix(struct pos_track *dev, double t, double e, double n,
		    double arrival)
{
	struct pos_fix f = {.t = t,
			    .arrival = arrival,
			    .has_pos = true,
			    .valid = true,
			    .quality = 1,
			    .sats = 8};

	geo_from_en(LAT0, LON0, e, n, &f.lat, &f.lon);
	ck_assert_int_eq(pos_track_add_fix(dev, &f), CC_OK);
}

START_TEST(test_errors_by_hand)
{
	struct truth tr;
	struct pos_track dev;
	struct pos_eval ev;
	struct pos_eval_opts o = {.epoch_tol = 0.5, .alarm_window = 60};

	stationary(&tr, 11);
	pos_track_init(&dev);
	for (int i = 0; i < 10; i++) /* errors 1..10 m, north then east */
		add_fix(&dev, i, i % 2 ? i + 1 : 0, i % 2 ? 0 : i + 1,
			i + (i == 7 ? 2.0 : 0.5));
	for (int i = 0; i < 10; i++) {
		dev.fix[i].has_alt = true;
		dev.fix[i].alt =
		    10 + (i < 5 ? -1.0 : 2.0); /* |errors| 1 x5, 2 x5 */
	}
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_uint_eq(ev.nh, 10);
	ck_assert_double_eq_tol(ev.ce50, 5.5, 1e-6);
	ck_assert_double_eq_tol(ev.ce95, 9.55, 1e-6);
	ck_assert_double_eq_tol(ev.mean, 5.5, 1e-6);
	ck_assert_double_eq_tol(ev.rms, sqrt(38.5), 1e-6);
	ck_assert_double_eq_tol(ev.max, 10, 1e-6);
	ck_assert_double_eq_tol(ev.ve95, 2.0, 1e-9);
	ck_assert_double_eq_tol(ev.ttff, 0, 1e-12);
	ck_assert_uint_eq(ev.avail_epochs, 11);
	ck_assert_uint_eq(ev.avail_valid, 10);
	ck_assert_double_eq_tol(ev.availability, 100.0 * 10 / 11, 1e-9);
	/* latencies 0.5 s x9 and 2 s: h = 9 x 0.95 = 8.55 -> 0.5 + 0.55 x 1.5
	 */
	ck_assert_uint_eq(ev.nlat, 10);
	ck_assert_double_eq_tol(ev.lat95, 1.325, 1e-9);
	ck_assert_double_eq_tol(ev.lat_mean, 0.65, 1e-9);
	ck_assert_double_eq_tol(ev.lat_max, 2.0, 1e-12);
	ck_assert_uint_eq(ev.outage_valid, 0);
	ck_assert(isnan(ev.floor_prob));
	pos_eval_release(&ev);
	pos_track_release(&dev);
	truth_free(&tr);
}
END_TEST

START_TEST(test_first_fix_outage_floor)
{
	struct truth tr;
	struct pos_track dev;
	struct pos_eval ev;
	struct pos_eval_opts o = {.epoch_tol = 0.5, .alarm_window = 60};

	stationary(&tr, 10);
	tr.has_floor = true;
	for (size_t i = 0; i < 10; i++)
		tr.p[i].floor = 2;
	tr.p[6].signal = tr.p[7].signal = false;
	pos_track_init(&dev);
	for (int i = 0; i < 10; i++) {
		add_fix(&dev, i, 1, 0, i);
		dev.fix[i].valid = i >= 3; /* first fix at 3 s */
		dev.fix[i].has_floor = true;
		dev.fix[i].floor = i == 9 ? 1 : 2;
	}
	dev.fix[5].valid = false; /* one missing after the first fix */
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_double_eq_tol(ev.ttff, 3, 1e-12);
	/* signal epochs from 3 s: 3, 4, 5, 8, 9; valid at 3, 4, 8, 9 */
	ck_assert_uint_eq(ev.signal_epochs, 8);
	ck_assert_uint_eq(ev.avail_epochs, 5);
	ck_assert_uint_eq(ev.avail_valid, 4);
	ck_assert_uint_eq(ev.outage_valid,
			  2); /* 6 and 7, valid without satellites */
	ck_assert_uint_eq(ev.n_reacq, 1); /* the signal returns at 8 s */
	ck_assert_double_eq_tol(ev.ttff_warm, 0, 1e-12);
	ck_assert_uint_eq(ev.nh, 4);
	ck_assert_uint_eq(ev.nfloor, 4);
	ck_assert_uint_eq(ev.floor_hits, 3);
	ck_assert_double_eq_tol(ev.floor_prob, 75, 1e-9);
	dev.fix[6].quality = 6;	  /* estimated: not a stale claim */
	dev.fix[8].valid = false; /* the fix comes back 1 s after the signal */
	pos_eval_release(&ev);
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_uint_eq(ev.outage_valid, 1);
	ck_assert_double_eq_tol(ev.ttff_warm, 1, 1e-12);
	pos_eval_release(&ev);
	/* no valid fix at all: every figure is NAN, counts 0 */
	for (int i = 0; i < 10; i++)
		dev.fix[i].valid = false;
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert(isnan(ev.ce95) && isnan(ev.ttff) && isnan(ev.availability));
	ck_assert(isnan(ev.ttff_warm)); /* no fix after the outage */
	ck_assert_uint_eq(ev.nh, 0);
	pos_eval_release(&ev);
	pos_track_release(&dev);
	truth_free(&tr);
}
END_TEST

START_TEST(test_geofence_by_hand)
{
	struct truth tr;
	struct pos_track dev;
	struct pos_eval ev;
	struct geo_fence fence = {
	    .id = "home", .lat = LAT0, .lon = LON0, .radius = 10};
	struct pos_eval_opts o = {.fences = &fence,
				  .nfences = 1,
				  .epoch_tol = 0.5,
				  .alarm_window = 60};
	struct pos_alarm a = {.exit = true, .fence = "home"};

	/* east at 1 m/s from 5 m west of the centre: the edge at 15 s */
	stationary(&tr, 41);
	for (size_t i = 0; i < tr.n; i++)
		geo_from_en(LAT0, LON0, (double)i - 5, 0, &tr.p[i].lat,
			    &tr.p[i].lon);
	pos_track_init(&dev);
	for (int i = 0; i < 41; i++)
		add_fix(&dev, i, i - 5, 0, i);
	a.t = a.arrival = 18;
	ck_assert_int_eq(pos_track_add_alarm(&dev, &a), CC_OK);
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_uint_eq(ev.exits, 1);
	ck_assert_uint_eq(ev.detected, 1);
	ck_assert_uint_eq(ev.false_exits, 0);
	ck_assert_double_eq_tol(ev.crossing[0].t, 15, 1e-3);
	ck_assert_double_eq_tol(ev.alarm_lat_max, 3, 1e-3);
	/* zone: inside fixes in "home", the others "outside", all agree */
	ck_assert_uint_eq(ev.nzone, 41);
	ck_assert_uint_eq(ev.zone_hits, 41);
	pos_eval_release(&ev);
	/* an alarm while inside and one with no crossing: two false exits */
	a.t = a.arrival = 3;
	ck_assert_int_eq(pos_track_add_alarm(&dev, &a), CC_OK);
	a.t = a.arrival = 35;
	ck_assert_int_eq(pos_track_add_alarm(&dev, &a), CC_OK);
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_uint_eq(ev.detected, 1);
	ck_assert_uint_eq(ev.false_exits, 2);
	ck_assert_double_eq_tol(ev.false_alarm[0].t, 3, 1e-12);
	pos_eval_release(&ev);
	/* missed: no alarm within the window */
	dev.nalarm = 0;
	a.t = a.arrival = 80;
	ck_assert_int_eq(pos_track_add_alarm(&dev, &a), CC_OK);
	ck_assert_int_eq(pos_evaluate(&tr, &dev, &o, &ev), CC_OK);
	ck_assert_uint_eq(ev.exits, 1);
	ck_assert_uint_eq(ev.detected, 0);
	ck_assert(isnan(ev.crossing[0].alarm));
	ck_assert_uint_eq(ev.false_exits, 1);
	pos_eval_release(&ev);
	pos_track_release(&dev);
	truth_free(&tr);
}
END_TEST

START_TEST(test_truth_csv)
{
	char *dir = tu_mkdtemp();
	char *good = tu_write(dir, "good.csv",
			      "# surveyed points\n"
			      "Time,LAT,lon,alt,floor,zone,signal\n"
			      "0,31.2304,121.4737,10,1,hall,1\n"
			      "\n"
			      "2,31.2305,121.4737,12,1,hall,0\r\n");
	char *bad = tu_write(dir, "bad.csv",
			     "time,lat,lon\n"
			     "0,95,121.4737\n"
			     "1,31.2,abc\n"
			     "1,31.2,121.4\n");
	char *nolon = tu_write(dir, "nolon.csv", "time,lat\n0,1\n");
	struct truth tr;
	struct truth_point tp;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(truth_load_csv(good, &tr, &d), CC_OK);
	ck_assert_uint_eq(tr.n, 2);
	ck_assert(tr.has_alt && tr.has_floor && tr.has_zone);
	ck_assert_str_eq(tr.p[1].zone, "hall");
	ck_assert(!tr.p[1].signal);
	ck_assert(truth_at(&tr, 1, &tp));
	ck_assert_double_eq_tol(tp.lat, 31.23045, 1e-9);
	ck_assert_double_eq_tol(tp.alt, 11, 1e-9);
	ck_assert(tp.signal); /* from the point before */
	ck_assert(!truth_at(&tr, 2.5, &tp));
	ck_assert(!truth_at(&tr, -0.1, &tp));
	truth_free(&tr);
	ck_assert_int_eq(truth_load_csv(bad, &tr, &d), CC_EINVAL);
	ck_assert_ptr_null(tr.p);
	ck_assert_uint_eq(diag_count(&d), 3);
	ck_assert_uint_eq(d.v[0].line, 2);
	ck_assert_uint_eq(d.v[0].col, 3);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "lat 95 out of range"));
	ck_assert_uint_eq(d.v[1].line, 3);
	ck_assert_uint_eq(d.v[1].col, 8);
	ck_assert_ptr_nonnull(strstr(d.v[2].msg, "does not increase"));
	diag_release(&d);
	diag_init(&d);
	ck_assert_int_eq(truth_load_csv(nolon, &tr, &d), CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "no 'lon' column"));
	diag_release(&d);
	free(good);
	free(bad);
	free(nolon);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_named_route)
{
	struct truth tr;
	double e, n;

	ck_assert_int_eq(truth_route("nowhere", 10, &tr), CC_ENOTFOUND);
	ck_assert_int_eq(truth_route("park-walk", 0, &tr), CC_EINVAL);
	ck_assert_int_eq(truth_route("park-walk", 300, &tr), CC_OK);
	ck_assert_uint_eq(tr.n, 300);
	/* 1.2 m/s along the first 80 m leg east, then north */
	geo_en(LAT0, LON0, tr.p[50].lat, tr.p[50].lon, &e, &n);
	ck_assert_double_eq_tol(e, 60, 1e-6);
	ck_assert_double_eq_tol(n, 0, 1e-6);
	geo_en(LAT0, LON0, tr.p[100].lat, tr.p[100].lon, &e, &n);
	ck_assert_double_eq_tol(e, 80, 1e-6);
	ck_assert_double_eq_tol(n, 40, 1e-6);
	ck_assert(tr.p[99].signal && !tr.p[100].signal && !tr.p[114].signal &&
		  tr.p[115].signal);
	ck_assert_str_eq(tr.p[0].zone, "garden");
	ck_assert_str_eq(tr.p[60].zone, "street");
	/* a lap is 280 m: back at the start at 233.3 s */
	geo_en(LAT0, LON0, tr.p[233].lat, tr.p[233].lon, &e, &n);
	ck_assert(hypot(e, n) < 1.2);
	truth_free(&tr);
}
END_TEST

Suite *suite_posmetrics(void)
{
	Suite *s = suite_create("posmetrics");
	TCase *tc = tcase_create("posmetrics");

	tcase_add_test(tc, test_geo);
	tcase_add_test(tc, test_errors_by_hand);
	tcase_add_test(tc, test_first_fix_outage_floor);
	tcase_add_test(tc, test_geofence_by_hand);
	tcase_add_test(tc, test_truth_csv);
	tcase_add_test(tc, test_named_route);
	suite_add_tcase(s, tc);
	return s;
}
