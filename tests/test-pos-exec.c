/* SPDX-License-Identifier: MIT */
/*
 * The positioning steps run over a real pseudo-terminal through the serial
 * transport, the test playing the tracker with scripted NMEA: a track
 * gathered on the scenario's time line and kept for the run, a figure
 * judged from it (pass, and fail with the finding quoted), a track made
 * from case lists through a site frame, and the steps outside a run.
 */
#include <check.h>
#include <math.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/diag.h"
#include "core/exec-internal.h"
#include "core/exec.h"
#include "core/step.h"
#include "core/suite.h"
#include "pos/truth.h"
#include "testutil.h"
#include "transport/transport.h"

static const char head[] = "schema: carecert/suite/1\n"
			   "id: p\n"
			   "title: positioning exec tests\n"
			   "category: location_tracker\n"
			   "transport: serial\n"
			   "cases:\n"
			   "  - id: P-01\n"
			   "    title: t\n"
			   "    requirement: {standard: S, clause: \"1\"}\n"
			   "    steps:\n";

struct fx {
	int master, slave_keep;
	char slave[64], *dir;
	struct suite *suite;
	struct transport *t;
	struct rxq rx;
	struct vars run_vars;
	void *family_run[STEP_FAMILIES_MAX];
	struct exec e;
};

static void setup(struct fx *f, const char *steps, bool in_run)
{
	const char *keys[] = {"port"}, *vals[1];
	char err[256], *text, *path;
	struct diag d;

	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(
	    openpty(&f->master, &f->slave_keep, f->slave, NULL, NULL), 0);
	f->dir = tu_mkdtemp();
	text = malloc(strlen(head) + strlen(steps) + 1);
	strcpy(text, head);
	strcat(text, steps);
	path = tu_write(f->dir, "p.yaml", text);
	diag_init(&d);
	f->suite = suite_load(path, &d);
	diag_print(&d, stderr);
	ck_assert_ptr_nonnull(f->suite);
	diag_release(&d);
	free(text);
	free(path);
	vals[0] = f->slave;
	f->t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_int_eq(transport_open(f->t, err, sizeof(err)), 0);
	rxq_init(&f->rx);
	vars_init(&f->run_vars);
	f->e.t = f->t;
	f->e.rx = &f->rx;
	f->e.suite = f->suite;
	f->e.tc = &f->suite->cases[0];
	f->e.run_vars = &f->run_vars;
	f->e.family_run = in_run ? f->family_run : NULL;
	f->e.deadline_ns = mono_now_ns() + 5 * NSEC_PER_SEC;
	ck_assert_int_eq(exec_init(&f->e), 0);
}

static void teardown(struct fx *f)
{
	exec_release(&f->e);
	for (size_t i = 0; step_family_at(i); i++)
		if (f->family_run[i] && step_family_at(i)->run_end)
			step_family_at(i)->run_end(f->family_run[i]);
	transport_free(f->t);
	rxq_release(&f->rx);
	vars_release(&f->run_vars);
	suite_free(f->suite);
	close(f->master);
	close(f->slave_keep);
	tu_rmdir(f->dir);
}

static void say(struct fx *f, const char *body, bool bad)
{
	char line[128];
	unsigned x = 0;
	int n;

	for (const char *p = body; *p; p++)
		x ^= (unsigned char)*p;
	n = snprintf(line, sizeof(line), "$%s*%02X\r\n", body, bad ? x ^ 1 : x);
	ck_assert_int_eq(write(f->master, line, (size_t)n), n);
}

static void coord(char *out, size_t len, double v, int digits, char pos)
{
	double a = fabs(v), deg = floor(a);

	snprintf(out, len, "%0*d%08.5f,%c", digits, (int)deg, (a - deg) * 60,
		 pos);
}

/* The park-walk route's first epochs, exactly, as RMC and GGA. */
static void walk(struct fx *f, int epochs, bool bad_third)
{
	struct truth tr;
	char body[128], lat[24], lon[24];

	ck_assert_int_eq(truth_route("park-walk", (size_t)epochs, &tr), 0);
	for (int i = 0; i < epochs; i++) {
		coord(lat, sizeof(lat), tr.p[i].lat, 2, 'N');
		coord(lon, sizeof(lon), tr.p[i].lon, 3, 'E');
		snprintf(body, sizeof(body),
			 "GNRMC,0800%02d.00,A,%s,%s,2.33,,010526,,,A", i, lat,
			 lon);
		say(f, body, bad_third && i == 2);
		snprintf(body, sizeof(body),
			 "GNGGA,0800%02d.00,%s,%s,1,10,0.8,10.0,M,9.0,M,,", i,
			 lat, lon);
		say(f, body, false);
	}
	truth_free(&tr);
}

static const char *message(struct fx *f, const char *verdict)
{
	for (size_t i = 0; i < json_object_array_length(f->e.evidence); i++) {
		json_object *o = json_object_array_get_idx(f->e.evidence, i),
			    *v;

		json_object_object_get_ex(o, "verdict", &v);
		if (!strcmp(json_object_get_string(v), verdict)) {
			json_object_object_get_ex(o, "observed", &v);
			return json_object_get_string(v)
				   ? json_object_get_string(v)
				   : "";
		}
	}
	return "";
}

#define TRACK                                                                  \
	"      - nmea_track: {name: w, route: park-walk, epochs: 5, rate: "    \
	"100, tail: 0 s}\n"

START_TEST(test_track_and_judge)
{
	struct fx f;
	json_object *acc, *st, *v;

	setup(&f,
	      TRACK
	      "      - pos_judge: {track: w, figure: ce95, max: 10 cm, "
	      "min_epochs: 5}\n"
	      "      - pos_judge: {track: w, figure: nmea_findings, max: 0}\n"
	      "      - pos_judge: {track: w, figure: availability, min: 100}\n",
	      true);
	walk(&f, 5, false);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_PASS);
	/* the track's accuracy entry: its figures and points for the report */
	ck_assert_uint_eq(json_object_array_length(f.e.accuracy), 1);
	acc = json_object_array_get_idx(f.e.accuracy, 0);
	ck_assert(json_object_object_get_ex(acc, "statistics", &st));
	ck_assert(json_object_object_get_ex(st, "n_epochs", &v));
	ck_assert_int_eq(json_object_get_int(v), 5);
	ck_assert(json_object_object_get_ex(st, "ce95_m", &v));
	ck_assert(json_object_get_double(v) < 0.05);
	ck_assert_uint_eq(json_object_array_length(f.e.measurements), 3);
	teardown(&f);
}
END_TEST

START_TEST(test_bad_checksum_judged)
{
	struct fx f;

	setup(&f,
	      TRACK
	      "      - pos_judge: {track: w, figure: nmea_findings, max: 0}\n",
	      true);
	walk(&f, 5, true);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "nmea_findings of track w"));
	ck_assert_ptr_nonnull(strstr(message(&f, "fail"), "1 over"));
	teardown(&f);
}
END_TEST

START_TEST(test_too_few_epochs_inconclusive)
{
	struct fx f;

	setup(&f,
	      TRACK "      - pos_judge: {track: w, figure: ce95, max: 10 m, "
		    "min_epochs: 60}\n",
	      true);
	walk(&f, 5, false);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_INCONCLUSIVE);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "too few epochs"));
	teardown(&f);
}
END_TEST

START_TEST(test_silent_tracker_fails)
{
	struct fx f;

	setup(&f, TRACK, true);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "no NMEA sentence"));
	teardown(&f);
}
END_TEST

START_TEST(test_outside_a_run)
{
	struct fx f;

	setup(&f, TRACK, false);
	walk(&f, 2, false);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_ERROR);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "not in a run"));
	teardown(&f);
	setup(&f, "      - pos_judge: {track: nope, figure: ce95, max: 10 m}\n",
	      true);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_ERROR);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "no track nope"));
	teardown(&f);
}
END_TEST

/* Fixes from case lists (an indoor platform's history): the site frame's
 * origin and rotation applied, the same fix twice counted once, floors. */
START_TEST(test_tag_track_from_lists)
{
	struct fx f;
	struct truth tr;
	struct geo_site site = {TRUTH_WARD_LAT, TRUTH_WARD_LON, TRUTH_WARD_ROT};
	char steps[32768];
	size_t k = 0;

	ck_assert_int_eq(truth_route("ward-round", 60, &tr), 0);
	for (int i = 0; i < 60; i++) {
		double x, y;

		geo_wgs_to_site(&site, tr.p[i].lat, tr.p[i].lon, &x, &y);
		for (int twice = 0; twice < (i == 3 ? 2 : 1);
		     twice++) /* fix 3 polled twice */
			k += (size_t)snprintf(
			    steps + k, sizeof(steps) - k,
			    "      - append: {list: ts, value: \"%.0f\"}\n"
			    "      - append: {list: tx, value: \"%.3f\"}\n"
			    "      - append: {list: ty, value: \"%.3f\"}\n"
			    "      - append: {list: tf, value: \"%d\"}\n",
			    (tr.utc_start + tr.p[i].t) * 1000, x, y,
			    i == 50 ? 0 : tr.p[i].floor);
	}
	ck_assert_uint_lt(k, sizeof(steps) - 512);
	snprintf(steps + k, sizeof(steps) - k,
		 "      - tag_track: {name: ward, route: ward-round, epochs: "
		 "60, ts: ts, x: tx, "
		 "y: ty, floor: tf, site: {lat: \"%.4f\", lon: \"%.4f\", "
		 "rotation: \"%g\"}}\n"
		 "      - pos_judge: {track: ward, figure: ce95, max: 5 cm}\n"
		 "      - pos_judge: {track: ward, figure: floor_detection, "
		 "min: 99}\n",
		 TRUTH_WARD_LAT, TRUTH_WARD_LON, TRUTH_WARD_ROT);
	truth_free(&tr);
	setup(&f, steps, true);
	/* fix 50 (on the first floor at 50 s) says the ground floor: 59 of 60
	 */
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "floor_detection"));
	ck_assert_ptr_nonnull(strstr(f.e.reason, "98.33 %"));
	ck_assert_ptr_nonnull(
	    strstr(message(&f, "pass"), "60 fixes (1 repeated)"));
	teardown(&f);
}
END_TEST

/* A platform answering in WGS-84: lat and lon lists, no site frame. */
START_TEST(test_tag_track_wgs84)
{
	struct fx f;
	struct truth tr;
	char steps[16384];
	size_t k = 0;

	ck_assert_int_eq(truth_route("ward-round", 20, &tr), 0);
	for (int i = 0; i < 20; i++)
		k += (size_t)snprintf(
		    steps + k, sizeof(steps) - k,
		    "      - append: {list: ts, value: \"%.0f\"}\n"
		    "      - append: {list: la, value: \"%.8f\"}\n"
		    "      - append: {list: lo, value: \"%.8f\"}\n",
		    (tr.utc_start + tr.p[i].t) * 1000, tr.p[i].lat,
		    tr.p[i].lon);
	snprintf(steps + k, sizeof(steps) - k,
		 "      - tag_track: {name: ward, route: ward-round, epochs: "
		 "20, ts: ts, lat: la, lon: lo}\n"
		 "      - pos_judge: {track: ward, figure: ce95, max: 1 cm}\n");
	truth_free(&tr);
	setup(&f, steps, true);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_PASS);
	ck_assert_ptr_nonnull(
	    strstr(message(&f, "pass"), "20 fixes (0 repeated), WGS-84"));
	teardown(&f);
}
END_TEST

Suite *suite_pos_exec(void)
{
	Suite *s = suite_create("pos-exec");
	TCase *tc = tcase_create("pos-exec");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_track_and_judge);
	tcase_add_test(tc, test_bad_checksum_judged);
	tcase_add_test(tc, test_too_few_epochs_inconclusive);
	tcase_add_test(tc, test_silent_tracker_fails);
	tcase_add_test(tc, test_outside_a_run);
	tcase_add_test(tc, test_tag_track_from_lists);
	tcase_add_test(tc, test_tag_track_wgs84);
	suite_add_tcase(s, tc);
	return s;
}
