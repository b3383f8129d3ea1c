/* SPDX-License-Identifier: MIT */
/*
 * The report's parts: labels in both languages, HTML escaping, the plots
 * (reproducible bytes, the Parkes grid's labels in their zones, the band),
 * the report from the hand-made accuracy record (every plot, both
 * languages, the same bytes twice), records damaged in every member
 * (never a crash, always a document), and the run comparison.
 */
#include <check.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accuracy/acc-glucose.h"
#include "base/err.h"
#include "report/extool.h"
#include "base/fileio.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/phrases.h"
#include "zhwords.h"
#include "report/plot.h"
#include "core/record.h"
#include "report/report.h"
#include "core/suite.h"
#include "base/diag.h"
#include "report/report-internal.h"
#include "report/rundiff.h"
#include "core/profile.h"
#include "testutil.h"

START_TEST(test_labels_complete)
{
	enum label_lang l;

	for (int id = 0; id < L_NUM_LABELS; id++) {
		const char *en = label_get(LANG_EN, (enum label_id)id);
		const char *zh = label_get(LANG_ZH, (enum label_id)id);

		ck_assert_msg(en && *en && strcmp(en, "?"),
			      "label %d has no English", id);
		ck_assert_msg(zh && *zh && strcmp(zh, "?"),
			      "label %d has no Chinese", id);
	}
	ck_assert_str_eq(label_get(LANG_EN, L_REPORT_TITLE),
			 "Conformance Test Report");
	ck_assert_str_eq(label_get(LANG_ZH, L_REPORT_TITLE), "符合性测试报告");
	ck_assert_str_eq(label_get(LANG_EN, L_NUM_LABELS), "?");
	ck_assert_str_eq(label_verdict(LANG_ZH, "fail"), "不通过");
	ck_assert_str_eq(label_verdict(LANG_EN, "skipped"), "NOT APPLICABLE");
	ck_assert_str_eq(label_verdict(LANG_EN, "bogus"), "bogus");
	ck_assert_int_eq(label_lang_parse("zh-CN", &l), CC_OK);
	ck_assert_int_eq(l, LANG_ZH);
	ck_assert_int_eq(label_lang_parse("de", &l), CC_EINVAL);
}
END_TEST

START_TEST(test_html_escape)
{
	static const char *const b64[][2] = {
	    {"", ""},
	    {"f", "Zg=="},
	    {"fo", "Zm8="},
	    {"foo", "Zm9v"},
	    {"foob", "Zm9vYg=="},
	    {"fooba", "Zm9vYmE="},
	    {"foobar", "Zm9vYmFy"},
	};
	struct buf b;

	buf_init(&b, 4096);
	ck_assert_int_eq(html_esc(&b, "<a href=\"x\">&'</a>"), CC_OK);
	ck_assert_str_eq(buf_str(&b),
			 "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	buf_reset(&b);
	/* device bytes: controls, a lone continuation byte, an overlong '/',
	 * a surrogate; valid Chinese kept */
	ck_assert_int_eq(html_esc(&b, "a\x01"
				      "b\x80"
				      "c\xC0\xAF"
				      "d\xED\xA0\x80"
				      "e通过\tf"),
			 CC_OK);
	ck_assert_str_eq(buf_str(&b), "a\xEF\xBF\xBD"
				      "b\xEF\xBF\xBD"
				      "c\xEF\xBF\xBD\xEF\xBF\xBD"
				      "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
				      "e通过\tf");
	for (size_t i = 0; i < sizeof(b64) / sizeof(b64[0]); i++) {
		buf_reset(&b);
		ck_assert_int_eq(html_base64(&b, b64[i][0], strlen(b64[i][0])),
				 CC_OK);
		ck_assert_str_eq(buf_str(&b), b64[i][1]);
	}
	buf_release(&b);
}
END_TEST

START_TEST(test_plot_pieces)
{
	struct plot_band glucose = {.abs = 15, .rel_pct = 15, .threshold = 100};
	struct plot_band hr = {.abs = 5, .rel_pct = 10};
	char d[18];

	/* every zone letter is drawn inside its zone */
	for (size_t i = 0; i < 8; i++) {
		enum acc_glucose_zone z = acc_glucose_parkes_zone(
		    plot_parkes_labels[i].x, plot_parkes_labels[i].y);

		ck_assert_msg(!strcmp(acc_glucose_zone_name(z),
				      plot_parkes_labels[i].text),
			      "label %s at (%g, %g) lies in zone %s",
			      plot_parkes_labels[i].text,
			      plot_parkes_labels[i].x, plot_parkes_labels[i].y,
			      acc_glucose_zone_name(z));
	}
	/* the grid's lines end where the plot does, and there are seven */
	for (size_t i = 0; i < ACC_GLUCOSE_PARKES_LINES; i++) {
		double xy[2 * ACC_GLUCOSE_PARKES_MAXV];
		enum acc_glucose_zone z;
		size_t n;

		ck_assert_int_eq(acc_glucose_parkes_line(i, xy, &n, &z), CC_OK);
		ck_assert_uint_ge(n, 3);
		ck_assert(xy[2 * n - 2] == 550 || xy[2 * n - 1] == 550);
		ck_assert_int_ne(z, ACC_GLUCOSE_ZONE_A);
	}
	{
		double xy[2 * ACC_GLUCOSE_PARKES_MAXV];
		enum acc_glucose_zone z;
		size_t n;

		ck_assert_int_eq(acc_glucose_parkes_line(
				     ACC_GLUCOSE_PARKES_LINES, xy, &n, &z),
				 CC_EINVAL);
	}
	/* ISO 15197: absolute below 100 mg/dL, relative from 100 */
	ck_assert(fabs(plot_band_width(&glucose, 99.9) - 15) < 1e-12);
	ck_assert(fabs(plot_band_width(&glucose, 200) - 30) < 1e-12);
	/* heart rate: the greater of 5 bpm and 10 % */
	ck_assert(fabs(plot_band_width(&hr, 40) - 5) < 1e-12);
	ck_assert(fabs(plot_band_width(&hr, 120) - 12) < 1e-12);
	plot_pdf_date("2026-11-24T10:00:04.250Z", d);
	ck_assert_str_eq(d, "D:20261124100004Z");
	plot_pdf_date("garbage", d);
	ck_assert_str_eq(d, "D:19700101000000Z");
	plot_pdf_date(NULL, d);
	ck_assert_str_eq(d, "D:19700101000000Z");
}
END_TEST

static bool have(const char *prog)
{
	return extool_exists(prog);
}

/* PDF bytes hold NULs: no strstr */
static bool contains(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->data + i, needle, n))
			return true;
	return false;
}

START_TEST(test_plot_reproducible)
{
	double ref[40], dev[40];
	struct plot_out a, b;
	struct plot_text t = {.title = "Glucose",
			      .xlabel = "reference (mg/dL)",
			      .ylabel = "device (mg/dL)",
			      .series = {"readings", "zones"}};
	char err[256];

	if (!have("gnuplot"))
		return;
	for (int i = 0; i < 40; i++) {
		ref[i] = 40 + 11 * i;
		dev[i] = ref[i] * (1 + ((i * 7) % 13 - 6) / 60.0);
	}
	plot_out_init(&a);
	plot_out_init(&b);
	ck_assert_int_eq(plot_parkes(ref, dev, 40, &t, "D:20261124100004Z", &a,
				     err, sizeof(err)),
			 CC_OK);
	ck_assert_int_eq(plot_parkes(ref, dev, 40, &t, "D:20261124100004Z", &b,
				     err, sizeof(err)),
			 CC_OK);
	/* same input, same bytes, in both formats */
	ck_assert_uint_eq(a.svg.len, b.svg.len);
	ck_assert_mem_eq(a.svg.data, b.svg.data, a.svg.len);
	ck_assert_uint_eq(a.pdf.len, b.pdf.len);
	ck_assert_mem_eq(a.pdf.data, b.pdf.data, a.pdf.len);
	ck_assert_mem_eq(a.pdf.data, "%PDF-", 5);
	/* the date is the one given, not the clock's */
	ck_assert(contains(&a.pdf, "/CreationDate (D:20261124100004Z)"));
	/* points are plain circles, no currentColor symbol WeasyPrint rejects
	 */
	ck_assert_ptr_null(
	    strstr(buf_str(&a.svg), "<use xlink:href='#gpPt6' "));
	ck_assert_ptr_nonnull(strstr(buf_str(&a.svg), "<circle r='1' "));
	/* the title and the enhanced-text-free label survive */
	ck_assert_ptr_nonnull(strstr(buf_str(&a.svg), "reference (mg/dL)"));
	ck_assert_ptr_nonnull(
	    strstr(buf_str(&a.svg), "font-family=\"Liberation Sans, "));
	plot_out_release(&a);
	plot_out_release(&b);
	/* nothing finite to plot is an error, not an empty picture */
	ref[0] = NAN;
	plot_out_init(&a);
	ck_assert_int_eq(
	    plot_parkes(ref, dev, 1, &t, NULL, &a, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert_int_eq(
	    plot_latency(ref, 1, NULL, 0, &t, NULL, &a, err, sizeof(err)),
	    CC_EINVAL);
	plot_out_release(&a);
}
END_TEST

/* A single value (one HTTP exchange) still gets an x range; a track plot
 * draws the truth and the fixes coloured by error, square. */
START_TEST(test_plot_single_value_and_track)
{
	double one = 3.2, te[3] = { 0, 10, 10 }, tn[3] = { 0, 0, 10 };
	double de[3] = { 0.5, 9.2, NAN }, dn[3] = { 0.3, 0.8, 1 }, er[3] = { 0.6, 1.1, 1 };
	struct plot_text t = { .title = "Track", .xlabel = "east (m)", .ylabel = "north (m)",
			       .y2label = "horizontal error (m)", .series = { "truth", "device" } };
	struct plot_out a;
	char err[256];

	if (!have("gnuplot"))
		return;
	plot_out_init(&a);
	ck_assert_msg(plot_latency(&one, 1, NULL, 0, &t, NULL, &a, err, sizeof(err)) == CC_OK,
		      "%s", err);
	plot_out_release(&a);
	plot_out_init(&a);
	ck_assert_msg(plot_track(te, tn, 3, de, dn, er, 3, &t, NULL, &a, err, sizeof(err)) ==
			      CC_OK,
		      "%s", err);
	ck_assert_ptr_nonnull(strstr(buf_str(&a.svg), "horizontal error (m)"));
	ck_assert_ptr_nonnull(strstr(buf_str(&a.svg), "width=\"560\""));
	plot_out_release(&a);
	plot_out_init(&a);
	ck_assert_int_eq(plot_track(te, tn, 0, de, dn, er, 0, &t, NULL, &a, err, sizeof(err)),
			 CC_EINVAL);
	plot_out_release(&a);
}
END_TEST

static char *render_dir(const char *run, const char *out, enum label_lang lang,
			bool plots, int *rc, char *err, size_t errlen)
{
	struct report_opts o = {.run_dir = run,
				.out_dir = out,
				.lang = lang,
				.issued = 1790000000,
				.skip_plots = !plots};
	struct report_files f;
	char path[4200];

	*rc = report_render(&o, &f, err, errlen);
	snprintf(path, sizeof(path), "%s/report%s.html", out,
		 lang == LANG_ZH ? "-zh" : "");
	return *rc ? NULL : tu_slurp(path);
}

START_TEST(test_report_accuracy_fixture)
{
	static const char *const plots[] = {
	    "accuracy-0-0-bland-altman", "accuracy-0-1-bland-altman",
	    "accuracy-1-0-bland-altman", "accuracy-1-0-scatter",
	    "accuracy-1-0-parkes",	 "accuracy-2-0-bland-altman",
	    "accuracy-2-0-spo2-error",	 "accuracy-3-0-bland-altman",
	    "accuracy-3-0-scatter",
	};
	char run[4200], *out = tu_mkdtemp(), err[512], path[4400];
	char *html, *again, *zh, *svg1;
	int rc;

	if (!have("gnuplot")) {
		tu_rmdir(out);
		return;
	}
	snprintf(run, sizeof(run), "%s/tests/data/accuracy-run", tu_top());
	html = render_dir(run, out, LANG_EN, true, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	for (size_t i = 0; i < sizeof(plots) / sizeof(plots[0]); i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/plots/%s.svg", out, plots[i]);
		ck_assert_msg(!stat(path, &st) && st.st_size > 1000,
			      "%s missing", path);
		snprintf(path, sizeof(path), "%s/plots/%s.pdf", out, plots[i]);
		ck_assert_msg(!stat(path, &st) && st.st_size > 1000,
			      "%s missing", path);
		snprintf(path, sizeof(path), "alt=\"%s\"", plots[i]);
		ck_assert_msg(strstr(html, path), "%s not in the HTML",
			      plots[i]);
	}
	/* the record's facts, not invented ones */
	ck_assert_ptr_nonnull(strstr(html, "Fixture Test Laboratory"));
	ck_assert_ptr_nonnull(strstr(html, "PS9-0042"));
	ck_assert_ptr_nonnull(strstr(html, "2027-01-31"));
	ck_assert_ptr_nonnull(strstr(html, "ACC-GLU-01"));
	ck_assert_ptr_nonnull(strstr(html, "Figure 9."));
	ck_assert_ptr_null(strstr(html, "Figure 10."));
	ck_assert_ptr_null(strstr(html, "http://"));
	ck_assert_ptr_null(strstr(html, "https://"));
	/* the Parkes zone counts table: 58 / 1 / 1 */
	ck_assert_ptr_nonnull(
	    strstr(html, "<td class=\"n\">58</td><td class=\"n\">1</td>"
			 "<td class=\"n\">1</td>"));
	/* the same record renders to the same bytes, plots included */
	snprintf(path, sizeof(path), "%s/plots/accuracy-1-0-parkes.svg", out);
	svg1 = tu_slurp(path);
	again = render_dir(run, out, LANG_EN, true, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_OK);
	ck_assert_str_eq(again, html);
	free(again);
	again = tu_slurp(path);
	ck_assert_str_eq(again, svg1);
	free(again);
	free(svg1);
	/* Chinese labels, files beside the English ones */
	zh = render_dir(run, out, LANG_ZH, true, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_OK);
	ck_assert_ptr_nonnull(strstr(zh, "符合性测试报告"));
	ck_assert_ptr_nonnull(strstr(zh, "lang=\"zh-Hans\""));
	ck_assert_ptr_nonnull(strstr(zh, "不通过"));
	snprintf(path, sizeof(path), "%s/plots/accuracy-1-0-parkes-zh.svg",
		 out);
	svg1 = tu_slurp(path);
	ck_assert_ptr_nonnull(svg1);
	ck_assert_ptr_nonnull(strstr(svg1, "共识"));
	free(svg1);
	free(zh);
	free(html);
	tu_rmdir(out);
}
END_TEST

/* A fall-detection run (tests/data/fall-run: the demo pendant's record):
 * the trial set and the time compression are stated, the per-type table
 * holds the record's counts, and Se, Sp, the types, the latency and the
 * outage's alarm timeline are drawn, in both languages. */
START_TEST(test_fall_report)
{
	static const char *const plots[] = {
	    "accuracy-3-0-proportion", "accuracy-4-0-proportion", "accuracy-5-0-types",
	    "accuracy-6-0-types", "accuracy-7-0-latency", "accuracy-12-0-timeline",
	};
	char run[4200], *out = tu_mkdtemp(), err[512], path[4400];
	char *html, *zh;
	int rc;

	if (!have("gnuplot")) {
		tu_rmdir(out);
		return;
	}
	snprintf(run, sizeof(run), "%s/tests/data/fall-run", tu_top());
	html = render_dir(run, out, LANG_EN, true, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	for (size_t i = 0; i < sizeof(plots) / sizeof(plots[0]); i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/plots/%s.svg", out, plots[i]);
		ck_assert_msg(!stat(path, &st) && st.st_size > 1000, "%s missing", path);
		snprintf(path, sizeof(path), "alt=\"%s\"", plots[i]);
		ck_assert_msg(strstr(html, path), "%s not in the HTML", plots[i]);
	}
	ck_assert_ptr_nonnull(strstr(html, "carecert-fallgen/1"));
	ck_assert_ptr_nonnull(
	    strstr(html, "e45fc978b2a5721744d8f3cca4a37efff950bde217468cce3601cbdbbc68187a"));
	ck_assert_ptr_nonnull(strstr(html, "300 times faster than real time"));
	ck_assert_ptr_nonnull(strstr(html, "1458.0 s of motion in 4.9 s"));
	ck_assert_ptr_nonnull(strstr(html, "102 (45 / 57)"));
	/* F01's row: 3 trials, 3 alarmed, 100 %, Wilson 43.9-100 % */
	ck_assert_ptr_nonnull(strstr(html, "Fall forward while walking caused by a slip</td>"
					   "<td class=\"n\">3</td><td class=\"n\">3</td>"
					   "<td class=\"n\">100 %</td><td>43.9–100 %</td>"));
	zh = render_dir(run, out, LANG_ZH, true, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_OK);
	ck_assert_ptr_nonnull(strstr(zh, "时间压缩"));
	ck_assert_ptr_nonnull(strstr(zh, "试验集 SHA-256"));
	snprintf(path, sizeof(path), "%s/plots/accuracy-5-0-types-zh.svg", out);
	free(html);
	html = tu_slurp(path);
	ck_assert_ptr_nonnull(html);
	ck_assert_ptr_nonnull(strstr(html, "各试验类型的报警比例"));
	free(html);
	free(zh);
	tu_rmdir(out);
}
END_TEST

/* Every member of a record replaced by every other JSON type: the report
 * is still written (or refused with a message), never a crash. */
static void mutate_all(json_object *root, json_object *node, const char *run,
		       const char *out, int *count)
{
	json_object *repl[5];

	if (json_object_is_type(node, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(node) && i < 3;
		     i++)
			mutate_all(root, json_object_array_get_idx(node, i),
				   run, out, count);
		return;
	}
	if (!json_object_is_type(node, json_type_object))
		return;
	json_object_object_foreach(node, key, val)
	{
		json_object *saved = json_object_get(val);

		repl[0] = NULL;
		repl[1] = json_object_new_int(-7);
		repl[2] = json_object_new_string("<x>\x01\xff");
		repl[3] = json_object_new_array();
		repl[4] = json_object_new_object();
		for (int r = 0; r < 5; r++) {
			char path[4200], err[512];
			int rc;
			char *html;

			json_object_object_add(node, key, repl[r]);
			snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
			ck_assert_int_eq(json_object_to_file(path, root), 0);
			html = render_dir(run, out, LANG_EN, false, &rc, err,
					  sizeof(err));
			/* only a damaged schema or case list may refuse */
			if (rc) {
				ck_assert_msg(!strcmp(key, "schema") ||
						  !strcmp(key, "cases"),
					      "%s replaced: %s", key, err);
				ck_assert_int_eq(rc, CC_EINVAL);
				ck_assert_ptr_nonnull(
				    strstr(err, "result.json"));
			} else {
				ck_assert_ptr_nonnull(strstr(html, "</html>"));
			}
			free(html);
			(*count)++;
		}
		json_object_object_add(node, key, saved);
		mutate_all(root, saved, run, out, count);
	}
}

static json_object *small_record(void)
{
	static const char text[] =
	    "{\"schema\":\"carecert/result/"
	    "1\",\"tool\":{\"version\":\"0.1.0\",\"git_revision\":\"x\"},"
	    "\"environment\":{\"host\":\"h\",\"libraries\":{\"a\":\"1\"}},"
	    "\"status\":\"complete\","
	    "\"profile\":{\"path\":\"p.yaml\",\"sha256\":\"00\"},"
	    "\"suites\":[{\"path\":\"s.yaml\",\"sha256\":\"00\",\"id\":\"s\","
	    "\"title\":\"S\",\"version\":\"1\"}],"
	    "\"dut\":{\"vendor\":\"V\",\"model\":\"M\",\"firmware\":\"F\","
	    "\"serial_number\":\"N\",\"features\":[\"f\"]},"
	    "\"transport\":{\"kind\":\"ble\"},\"simulator\":{\"program\":\"p\","
	    "\"faults\":[\"x\"],\"exit_status\":137},"
	    "\"lab\":{\"name\":\"L\"},\"instruments\":[{\"name\":\"I\"}],"
	    "\"start\":\"2026-11-24T10:00:00.000Z\",\"end\":\"2026-11-24T10:00:"
	    "01.000Z\","
	    "\"traffic_log\":{\"file\":\"traffic.jsonl\",\"sha256\":\"00\"},"
	    "\"summary\":{\"passed_on_retry\":1},\"verdict\":\"fail\","
	    "\"cases\":["
	    "{\"suite\":\"s\",\"id\":\"C-SEC-1\",\"title\":\"Encryption\","
	    "\"requirements\":[{\"standard\":\"A\",\"clause\":\"1\"}],"
	    "\"verdict\":\"fail\",\"reason\":\"r\",\"attempt\":2,\"attempts_"
	    "allowed\":3,\"duration_s\":0.5,\"stage\":\"assert\","
	    "\"evidence\":[{\"line\":3,\"kind\":\"expect\",\"verdict\":"
	    "\"fail\",\"message\":\"m\",\"expected\":\"e\","
	    "\"observed\":\"o\",\"frames\":[1,2]}],"
	    "\"measurements\":[{\"name\":\"first_latency\",\"value\":12,"
	    "\"unit\":\"ms\",\"min\":null,\"max\":10,"
	    "\"marginal\":true,\"verdict\":\"fail\"},{\"name\":\"measurement_"
	    "interval\",\"value\":1000,\"unit\":\"ms\","
	    "\"min\":900,\"max\":1100,\"marginal\":false,\"verdict\":\"pass\"}]"
	    ","
	    "\"previous_attempts\":[{\"attempt\":1,\"verdict\":\"error\","
	    "\"reason\":\"x\"}],"
	    "\"accuracy\":[{\"method\":\"glucose\",\"unit\":\"mmol/"
	    "L\",\"quantity\":\"g\",\"verdict\":\"pass\","
	    "\"statistics\":{\"bias\":0.1,\"odd\":3},\"criteria\":[{\"name\":"
	    "\"c\",\"verdict\":\"pass\"}],"
	    "\"zones\":{\"A\":2},\"decades\":[{\"range\":\"70-80\",\"arms\":1}]"
	    ",\"band\":{\"abs\":0.8},"
	    "\"source\":{\"file\":\"x.csv\",\"sha256\":\"00\"},"
	    "\"pairs\":[{\"reference\":5,\"device\":5.2},{\"reference\":7,"
	    "\"device\":6.9}]}]},"
	    "{\"suite\":\"other\",\"id\":\"C-2\",\"verdict\":\"skipped\","
	    "\"reason\":\"not applicable\"}]}";

	return json_tokener_parse(text);
}

/* The "Wrong today" items of issue 20, on a hand-made record: "See
 * Accuracy" only for a case with an evaluation; a long HTTP reply quoted
 * up to the token the finding is about, and the exchange once for two
 * findings on its frames; bench "subjects" are set points; figures rounded
 * for their unit (statistics in mmHg to 0.01, readings to 0.1, times to
 * 3 significant digits) with the unit beside them; identifiers break
 * between words; the approval block kept whole. */
START_TEST(test_report_wrong_today)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512],
	     hex[SHA256_HEX_LEN + 1], body[3000], *line, *html, *p;
	json_object *root = small_record(), *tl, *cases, *k, *acc, *e, *st,
		    *ev, *row, *ms;
	int rc, n = 0;

	/* a reply whose proof lies after 1500 bytes of headers */
	memset(body, 'x', sizeof(body));
	memcpy(body, "HTTP/1.1 200 OK\\r\\nX-Pad: ",
	       strlen("HTTP/1.1 200 OK\\r\\nX-Pad: "));
	snprintf(body + 1500, sizeof(body) - 1500,
		 "\\r\\n\\r\\n{\\\"access_token\\\":\\\"abc\\\",\\\"pad\\\":\\\"%0900d\\\"}", 0);
	line = malloc(8000);
	snprintf(line, 8000,
		 "{\"seq\":1,\"dir\":\"tx\",\"case\":\"C-SEC-1\",\"text\":"
		 "\"POST /login\",\"mono_ns\":1000}\n"
		 "{\"seq\":2,\"dir\":\"rx\",\"case\":\"C-SEC-1\",\"text\":\"%s\","
		 "\"mono_ns\":2000}\n",
		 body);
	free(tu_write(run, "traffic.jsonl", line));
	free(line);
	snprintf(path, sizeof(path), "%s/traffic.jsonl", run);
	ck_assert_int_eq(sha256_file(path, hex), CC_OK);
	ck_assert(json_object_object_get_ex(root, "traffic_log", &tl));
	json_object_object_add(tl, "sha256", json_object_new_string(hex));
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	k = json_object_array_get_idx(cases, 0);
	json_object_object_add(k, "duration_s",
			       json_object_new_double(0.000176747));
	/* two findings of one response, on the same frame */
	ck_assert(json_object_object_get_ex(k, "evidence", &ev));
	row = json_tokener_parse(
	    "{\"line\":95,\"kind\":\"http_expect\",\"verdict\":\"fail\","
	    "\"message\":\"status\",\"expected\":\"401\",\"observed\":\"200\","
	    "\"frames\":[2]}");
	json_object_array_add(ev, row);
	row = json_tokener_parse(
	    "{\"line\":95,\"kind\":\"http_expect\",\"verdict\":\"fail\","
	    "\"message\":\"access_token must be absent\",\"expected\":"
	    "\"absent\",\"observed\":\"present\",\"frames\":[2]}");
	json_object_array_add(ev, row);
	ck_assert(json_object_object_get_ex(k, "measurements", &ms));
	json_object_array_add(
	    ms, json_tokener_parse("{\"name\":\"mean_arterial_pressure\","
				   "\"value\":93,\"unit\":\"mmHg\",\"min\":80,"
				   "\"max\":120,\"verdict\":\"pass\"}"));
	json_object_array_add(
	    ms, json_tokener_parse("{\"name\":\"reply_latency\",\"value\":"
				   "0.028512,\"unit\":\"ms\",\"max\":500,"
				   "\"verdict\":\"pass\"}"));
	/* a bench evaluation in mmHg */
	ck_assert(json_object_object_get_ex(k, "accuracy", &acc));
	e = json_object_array_get_idx(acc, 0);
	json_object_object_add(e, "data", json_object_new_string("bench"));
	json_object_object_add(e, "unit", json_object_new_string("mmHg"));
	json_object_object_add(e, "method", json_object_new_string("bp"));
	st = json_tokener_parse("{\"n_pairs\":21,\"n_subjects\":21,"
				"\"bias\":6.0666667,\"sd\":4.1,"
				"\"loa_low\":-2.1149432,\"within_pct\":"
				"95.23809}");
	json_object_object_add(e, "statistics", st);
	/* a second case with an empty evaluation list */
	json_object_object_add(json_object_array_get_idx(cases, 1), "accuracy",
			       json_object_new_array());
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);

	for (p = html; (p = strstr(p, "See <a href=\"#s-accuracy\">")); p++)
		n++;
	ck_assert_int_eq(n, 1);
	n = 0;
	for (p = html; (p = strstr(p, "Frames of the exchange that decided")); p++)
		n++;
	ck_assert_int_eq(n, 1);
	/* the token that proves the finding is quoted whole; the rest cut
	 * with its size said */
	ck_assert_msg(strstr(html, "{&quot;access_token… (+917 bytes)"), "%.300s",
		      strstr(html, "#2 rx") ? strstr(html, "#2 rx") + 1300 : html);
	ck_assert_ptr_nonnull(strstr(html, "… (+"));
	ck_assert_ptr_nonnull(strstr(html, "<th>Set points (simulator)</th><td>21</td>"));
	ck_assert_ptr_null(strstr(html, ">Subjects<"));
	ck_assert_ptr_nonnull(strstr(html, "<td>6.07 mmHg</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>-2.11 mmHg</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>95.24 %</td>"));
	ck_assert_ptr_null(strstr(html, "6.06667"));
	ck_assert_ptr_nonnull(strstr(html, "<td>0.000177 s</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td class=\"n\">93.0</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td class=\"n\">0.0285</td>"));
	ck_assert_ptr_nonnull(
	    strstr(html, "mean_\xE2\x80\x8B" "arterial_\xE2\x80\x8B" "pressure"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"approval\">\n<h2 "));
	ck_assert_ptr_nonnull(strstr(
	    html, "div.approval{break-inside:avoid;page-break-inside:avoid}"));
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

static void fmt(double v, const char *unit, bool stat, const char *want)
{
	char s[32];

	report_fmt_qty(v, unit, stat, s);
	ck_assert_msg(!strcmp(s, want), "%g %s: %s, not %s", v,
		      unit ? unit : "(none)", s, want);
}

START_TEST(test_report_rounding)
{
	fmt(6.0666667, "mmHg", true, "6.07");
	fmt(6.0666667, "mmHg", false, "6.1");
	fmt(-0.001, "mmHg", true, "0.00");
	fmt(0.028512, "ms", false, "0.0285");
	fmt(1100, "ms", false, "1100");
	fmt(12.3456, "s", false, "12.3");
	fmt(7, NULL, false, "7");
	fmt(16.004, "kPa", false, "16.00");
	fmt(NAN, "mmHg", false, "—");
}
END_TEST

/* The plot area of a gnuplot SVG: its border path (left, top, right,
 * bottom); false when not found. */
static bool svg_border(const char *svg, double *l, double *t, double *r,
		       double *b)
{
	double x1, y1;

	/* the ticks have the border's colour, but two points, not three */
	for (const char *p = svg; (p = strstr(p, "stroke='rgb( 85,  85,  85)'  d='M")); p++)
		if (sscanf(p, "stroke='rgb( 85,  85,  85)'  d='M%lf,%lf "
			      "L%lf,%lf L%lf,%lf",
			   l, t, &x1, b, r, &y1) == 6)
			return true;
	return false;
}

/* Where the text is drawn: the translate() of the group holding it. */
static bool svg_text_at(const char *svg, const char *text, double *x,
			double *y)
{
	const char *p = strstr(svg, text), *g = NULL;

	for (const char *q = svg; p && (q = strstr(q, "<g transform=\"translate(")) && q < p; q++)
		g = q;
	return g && sscanf(g, "<g transform=\"translate(%lf,%lf)", x, y) == 2;
}

/* Issue 20's plots: Bland-Altman labels in the margin, right of every
 * point; the latency limit's label above the plot area, where the CDF
 * cannot cross it; two coinciding interval series told apart by marker
 * and dash; identical differences say so instead of a plot. */
START_TEST(test_plot_labels_clear)
{
	double ref[12], dev[12], x[4] = {1, 2, 3, 4}, y[4] = {1000, 1000, 1000, 1000};
	struct plot_line ba[3] = {{.at = -0.5, .label = "Bias\n-0.50 mmHg"},
				  {.at = 3.38, .label = "Upper\n3.38 mmHg"},
				  {.at = -4.38, .label = "Lower\n-4.38 mmHg"}};
	struct plot_line lim = {.at = 500, .label = "reply ≤ 500 ms", .limit = 1};
	struct plot_series two[2] = {{.title = "handle 0x0003", .x = x, .y = y, .n = 4},
				     {.title = "handle 0x0006", .x = x, .y = y, .n = 4}};
	struct plot_text t = {.title = "t", .xlabel = "x", .ylabel = "y"};
	double l, top, r, bot, lx, ly, lat[40];
	struct plot_out o;
	char err[256];
	const char *svg, *p;

	if (!have("gnuplot"))
		return;
	for (int i = 0; i < 12; i++) {
		ref[i] = 80 + 10 * i;
		dev[i] = ref[i] + (i % 5) - 2;
	}
	plot_out_init(&o);
	ck_assert_int_eq(plot_bland_altman(ref, dev, 12, ba, 3, &t, NULL, &o, err, sizeof(err)), CC_OK);
	svg = buf_str(&o.svg);
	ck_assert(svg_border(svg, &l, &top, &r, &bot));
	ck_assert(svg_text_at(svg, ">-0.50 mmHg<", &lx, &ly));
	ck_assert_msg(lx > r, "bias label at x %g, inside the plot (right edge %g)", lx, r);
	/* every point left of the label */
	for (p = svg; (p = strstr(p, "<circle r='1' transform='translate(")); p++) {
		double px;

		ck_assert_int_eq(sscanf(p, "<circle r='1' transform='translate(%lf", &px), 1);
		ck_assert(px < lx);
	}
	plot_out_release(&o);

	for (int i = 0; i < 40; i++)
		lat[i] = 10 + i * 12;
	plot_out_init(&o);
	ck_assert_int_eq(plot_latency(lat, 40, &lim, 1, &t, NULL, &o, err, sizeof(err)), CC_OK);
	svg = buf_str(&o.svg);
	ck_assert(svg_border(svg, &l, &top, &r, &bot));
	ck_assert(svg_text_at(svg, ">reply ≤ 500 ms<", &lx, &ly));
	ck_assert_msg(ly < top, "limit label at y %g, inside the plot (top %g)", ly, top);
	plot_out_release(&o);

	plot_out_init(&o);
	ck_assert_int_eq(plot_intervals(two, 2, NULL, 0, &t, NULL, &o, err, sizeof(err)), CC_OK);
	svg = buf_str(&o.svg);
	ck_assert_ptr_nonnull(strstr(svg, "<circle r='1' "));
	ck_assert_ptr_nonnull(strstr(svg, "<rect x='-1' y='-1' "));
	ck_assert_ptr_nonnull(strstr(svg, "stroke-dasharray"));
	plot_out_release(&o);
}
END_TEST

START_TEST(test_report_constant_differences)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512], *html;
	json_object *root = small_record(), *cases, *acc, *e;
	int rc;

	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 0), "accuracy", &acc));
	e = json_object_array_get_idx(acc, 0);
	json_object_object_add(e, "unit", json_object_new_string("bpm"));
	json_object_object_add(e, "method", json_object_new_string("heart_rate"));
	json_object_object_add(e, "pairs", json_tokener_parse(
	    "[{\"reference\":60,\"device\":60},{\"reference\":120,\"device\":120},"
	    "{\"reference\":40,\"device\":40}]"));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "No Bland–Altman plot: every difference (device − reference) is 0.00 bpm (3 pairs)."));
	ck_assert_ptr_null(strstr(html, "accuracy-0-0-bland-altman"));
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* Issue 20, Chinese: every shipped suite has its title, every case and
 * every catalogue requirement a title in Chinese; carecert's phrases are
 * translated on word boundaries only; record enums become labels. */
START_TEST(test_report_chinese)
{
	char cmd[4200], *list, *save = NULL, *path, buf[512];
	int nsuites = 0;

	snprintf(cmd, sizeof(cmd), "ls %s/suites/*.yaml", tu_top());
	ck_assert_int_eq(tu_run(cmd, &list), 0);
	for (path = strtok_r(list, "\n", &save); path; path = strtok_r(NULL, "\n", &save)) {
		struct diag d;
		struct suite *s;

		diag_init(&d);
		s = suite_load(path, &d);
		if (!s)
			diag_print(&d, stderr);
		ck_assert_msg(s, "%s does not load", path);
		ck_assert_msg(s->title_zh && *s->title_zh, "%s: no title_zh", path);
		for (size_t i = 0; i < s->ncases; i++)
			ck_assert_msg(s->cases[i].title_zh, "%s: case %s has no title_zh", path, s->cases[i].id);
		for (size_t i = 0; i < s->ncatalogue; i++)
			ck_assert_msg(s->catalogue[i].title_zh, "%s: requirement %s %s has no title_zh", path,
				      s->catalogue[i].standard, s->catalogue[i].clause);
		for (size_t i = 0; i < s->nlinks; i++)
			ck_assert_msg(s->links[i].title_zh, "%s: link %s has no title_zh", path, s->links[i].id);
		suite_free(s);
		diag_release(&d);
		nsuites++;
	}
	free(list);
	ck_assert_int_ge(nsuites, 21);

	label_phrases(LANG_ZH, "pressure within limits; body must not match /valueQuantity/", buf, sizeof(buf));
	ck_assert_str_eq(buf, "pressure 在限值内; 响应体不得匹配 /valueQuantity/");
	/* templates: numbers and names in slots, in the Chinese order */
	label_phrases(LANG_ZH, "3 of 4 delivered (1 duplicate, 0 refused)", buf, sizeof(buf));
	ck_assert_str_eq(buf, "送达 3/4（重复 1，被拒 0）");
	label_phrases(LANG_ZH, "replayed 300x faster than real time: 1458.0 s of motion in 4.9 s", buf,
		      sizeof(buf));
	ck_assert_str_eq(buf, "以 300 倍于实时的速度回放：1458.0 s 的运动用时 4.9 s");
	/* a number slot takes only a number */
	label_phrases(LANG_ZH, "x of 4 delivered (1 duplicate, 0 refused)", buf, sizeof(buf));
	ck_assert_str_eq(buf, "x of 4 delivered (1 duplicate, 0 refused)");
	/* an observed value is the device's unless carecert's as a whole */
	label_observed(LANG_ZH, "3 of 4 delivered (1 duplicate, 0 refused)", false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "送达 3/4（重复 1，被拒 0）");
	label_observed(LANG_ZH, "within limits!", false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "within limits!");
	label_reason(LANG_ZH, "line 7 (expect): no reply within the deadline; observed OK!; expected a reply",
		     true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "第 7 行（…）：截止时间内无应答；观测值 …；预期值 一个应答");
	/* what the tests call English left in Chinese */
	{
		char w[32];

		ck_assert(zh_english_word("送达 3/4 delivered", w, sizeof(w)));
		ck_assert_str_eq(w, "delivered");
		ck_assert(!zh_english_word("Read Request 'some text' /a regex/ value_name SpO2 3 px", w, sizeof(w)));
	}
	label_phrases(LANG_EN, "within limits", buf, sizeof(buf));
	ck_assert_str_eq(buf, "within limits");
	ck_assert_str_eq(label_phrase_exact(LANG_ZH, "present"), "存在");
	ck_assert_str_eq(label_phrase_exact(LANG_ZH, "present!"), "present!");
	ck_assert_str_eq(label_enum(LANG_ZH, "blood_pressure"), "血压计");
	ck_assert_str_eq(label_enum(LANG_EN, "complete"), "Complete");
	ck_assert_ptr_null(label_enum(LANG_EN, "bogus"));
	/* every category a profile may name has its words, in both languages */
	for (size_t i = 0; dut_categories[i]; i++)
		ck_assert_msg(label_enum(LANG_EN, dut_categories[i]) &&
				      label_enum(LANG_ZH, dut_categories[i]),
			      "category %s has no label", dut_categories[i]);
}
END_TEST

START_TEST(test_report_chinese_record)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512], *html, *spath;
	char hex[SHA256_HEX_LEN + 1];
	json_object *root = small_record(), *dut, *cases, *suites;
	int rc;

	/* a further link's title from the run's suite file, in Chinese */
	spath = tu_write(run, "s.yaml",
			 "schema: carecert/suite/1\nid: s\ntitle: S\ncategory: blood_pressure\n"
			 "transport: ble\nlinks:\n  gateway: {transport: http, title: the home gateway, "
			 "title_zh: 家庭网关}\ncases:\n  - id: C-SEC-1\n    title: Encryption\n"
			 "    requirement: {standard: A, clause: \"1\"}\n"
			 "    steps: [{on: {link: gateway, steps: [{delay: 1 ms}]}}]\n");
	ck_assert_int_eq(sha256_file(spath, hex), 0);
	ck_assert(json_object_object_get_ex(root, "suites", &suites));
	json_object_object_add(json_object_array_get_idx(suites, 0), "path", json_object_new_string(spath));
	json_object_object_add(json_object_array_get_idx(suites, 0), "sha256", json_object_new_string(hex));
	json_object_object_add(root, "links", json_tokener_parse(
	    "[{\"id\":\"gateway\",\"transport\":{\"kind\":\"http\"},\"simulator\":null,\"error\":null}]"));
	ck_assert(json_object_object_get_ex(root, "dut", &dut));
	json_object_object_add(dut, "category", json_object_new_string("blood_pressure"));
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	json_object_object_add(json_object_array_get_idx(cases, 0), "reason",
			       json_object_new_string("line 95 (http_expect): status; observed present; expected 401 or 403"));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_ZH, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_null(strstr(html, "blood_pressure"));
	ck_assert_ptr_null(strstr(html, ">complete<"));
	ck_assert_ptr_nonnull(strstr(html, "<td>血压计</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>已完成</td>"));
	ck_assert_ptr_nonnull(strstr(html, "第 95 行（http_expect）：状态；观测值 存在；预期值 401 或 403"));
	ck_assert_ptr_nonnull(strstr(html, "<tr><th>名称</th><td>家庭网关</td></tr>"));
	free(html);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "<tr><th>Title</th><td>the home gateway</td></tr>"));
	free(html);
	free(spath);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* Issue 20, measurement uncertainty (docs/uncertainty.md): an accuracy
 * step's judged figures with U, decision and where U came from; a figure
 * with no source "not evaluated" in grey; a conditional pass never reads
 * as a pass; a measurement's U beside it; in both languages. */
START_TEST(test_report_uncertainty)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[1024], *html;
	json_object *root = small_record(), *lab, *cases, *acc, *e, *ms;
	int rc;

	ck_assert(json_object_object_get_ex(root, "lab", &lab));
	json_object_object_add(lab, "decision_rule",
			       json_tokener_parse("{\"ISO 81060-2\":{\"rule\":\"guard_band\",\"multiple\":2}}"));
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 0), "accuracy", &acc));
	e = json_object_array_get_idx(acc, 0);
	json_object_object_add(e, "unit", json_object_new_string("mmHg"));
	/* an evaluation with no figures and no stated reference U: said */
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "<span class=\"na\">Measurement uncertainty of these figures: "
					   "not evaluated"));
	free(html);
	json_object_object_add(e, "figures", json_tokener_parse(
	    "[{\"name\":\"|mean difference|\",\"value\":4.2,\"limit\":5,\"side\":\"max\","
	    "\"unit\":\"mmHg\",\"U\":0.5,\"source\":\"reference I (U = 0.5 mmHg)\","
	    "\"near_limit\":false,\"rule\":\"guard_band\",\"guard_band\":1.0,"
	    "\"decision\":\"conditional_pass\"},"
	    "{\"name\":\"SD of differences\",\"value\":1.98,\"limit\":8,\"side\":\"max\","
	    "\"unit\":\"mmHg\",\"U\":0,\"source\":\"reference I (U = 0.5 mmHg)\","
	    "\"near_limit\":false,\"rule\":\"guard_band\",\"guard_band\":0,\"decision\":\"pass\"}]"));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 0), "measurements", &ms));
	json_object_object_add(json_object_array_get_idx(ms, 0), "uncertainty", json_tokener_parse(
	    "{\"name\":\"first_latency\",\"value\":12,\"limit\":10,\"side\":\"max\",\"unit\":\"ms\","
	    "\"U\":0.000577,\"source\":\"the host's clock: two readings of CLOCK_MONOTONIC, written to "
	    "0.001 ms\",\"near_limit\":false,\"rule\":\"simple\",\"guard_band\":null,"
	    "\"decision\":\"fail\"}"));
	json_object_object_add(json_object_array_get_idx(ms, 1), "uncertainty", json_tokener_parse(
	    "{\"name\":\"measurement_interval\",\"value\":1000,\"limit\":1100,\"side\":\"max\","
	    "\"unit\":\"ms\",\"U\":null,\"source\":null,\"near_limit\":false,\"rule\":\"guard_band\","
	    "\"guard_band\":null,\"decision\":\"conditional_pass\"}"));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "ISO 81060-2: guard band of the expanded uncertainty (w = 2 U)"));
	ck_assert_ptr_nonnull(strstr(html, "<h4>Measurement uncertainty and decision</h4>"));
	ck_assert_ptr_nonnull(strstr(html, "<tr><td>|mean difference|</td><td class=\"n\">4.20</td>"
					   "<td class=\"n\">&le; 5.00</td><td class=\"n\">0.50</td>"
					   "<td>conditional pass (not a pass) (guard band of the expanded "
					   "uncertainty)</td></tr>"));
	ck_assert_ptr_nonnull(strstr(html, "Source of U: stated expanded uncertainty of the reference I (U = 0.5 mmHg)"));
	ck_assert_ptr_null(strstr(html, "<div class=\"notice mu\">"));
	/* measurements: the clock's U; not evaluated in grey, the conditional pass said */
	ck_assert_ptr_nonnull(strstr(html, "<td class=\"n\">0.000577</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td class=\"n\"><span class=\"na\">not evaluated</span><br>"
					   "<span class=\"mu-near\">conditional pass (not a pass)</span></td>"));
	free(html);
	html = render_dir(run, out, LANG_ZH, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "<h4>测量不确定度与判定</h4>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>差值的标准差</td>"));
	ck_assert_ptr_nonnull(strstr(html, "有条件通过（不算通过）"));
	ck_assert_ptr_nonnull(strstr(html, "<span class=\"na\">未评定</span>"));
	ck_assert_ptr_nonnull(strstr(html, "U 的来源：参考仪器声明的扩展不确定度 I (U = 0.5 mmHg)"));
	free(html);
	/* no source: said where U would be, and a figure within U flagged */
	json_object_object_add(e, "figures", json_tokener_parse(
	    "[{\"name\":\"Arms\",\"value\":2.9,\"limit\":3,\"side\":\"max\",\"unit\":\"%\","
	    "\"U\":null,\"source\":null,\"near_limit\":false,\"rule\":\"simple\",\"guard_band\":null,"
	    "\"decision\":\"pass\"},{\"name\":\"results within limits (%)\",\"value\":96,"
	    "\"limit\":95,\"side\":\"min\",\"unit\":\"%\",\"U\":2,\"source\":null,\"near_limit\":true,"
	    "\"rule\":\"simple\",\"guard_band\":null,\"decision\":\"pass\"}]"));
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "Source of U: <span class=\"na\">none: the lab states no uncertainty"));
	ck_assert_ptr_nonnull(strstr(html, "&ge; 95"));
	ck_assert_ptr_nonnull(strstr(html, "within U of the limit"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"notice mu\">"));
	/* and among the summary's deviations and notes */
	ck_assert_ptr_nonnull(strstr(html, "</a> Within U of its limit (the verdict rests on the decision "
					   "rule): results within limits (%) = 96.00 % (U = 2.00 %)</li>"));
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* Issue 20, ISO/IEC 17025 7.8: the lab's statements in the report, "not
 * stated" in grey where left out; the reference's uncertainty beside a
 * mean difference, flagged within U of its limit; a run meant for
 * certification refused with the missing items named. */
START_TEST(test_report_iso17025)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[1024], *html;
	json_object *root = small_record(), *lab, *cases, *acc, *e;
	int rc;

	ck_assert(json_object_object_get_ex(root, "lab", &lab));
	json_object_object_add(lab, "customer", json_object_new_string("Applicant Co"));
	json_object_object_add(lab, "decision_rule", json_tokener_parse("{\"ISO 81060-2\":\"guard_band\"}"));
	json_object_object_add(lab, "references", json_tokener_parse(
	    "[{\"instrument\":\"I\",\"certificate\":\"CAL-1\",\"traceability\":\"NIM\",\"uncertainty\":\"0.5 mmHg\"}]"));
	json_object_object_add(lab, "opinions", json_object_new_string("An opinion."));
	json_object_object_add(root, "instruments", json_tokener_parse("[{\"id\":\"I\",\"name\":\"Sim\"}]"));
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 0), "accuracy", &acc));
	e = json_object_array_get_idx(acc, 0);
	json_object_object_add(e, "unit", json_object_new_string("mmHg"));
	json_object_object_add(e, "reference_instrument", json_object_new_string("I"));
	json_object_object_add(e, "limits", json_tokener_parse("{\"max_abs_mean\":5.0}"));
	json_object_object_add(e, "statistics", json_tokener_parse("{\"bias\":-4.7,\"sd\":2}"));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "<tr><th>Customer (applicant)</th><td>Applicant Co</td></tr>"));
	ck_assert_ptr_nonnull(strstr(html, "<tr><th>Item identification</th><td><span class=\"na\">not stated</span>"));
	ck_assert_ptr_nonnull(strstr(html, "<tr><th>Environmental conditions</th><td><span class=\"na\">not stated</span>"));
	ck_assert_ptr_nonnull(strstr(html, "ISO 81060-2: guard band of the expanded uncertainty"));
	ck_assert_ptr_nonnull(strstr(html, "<td>CAL-1</td><td>NIM</td><td>0.5 mmHg</td>"));
	ck_assert_ptr_nonnull(strstr(html, "Expanded uncertainty of the reference (U)</th><td>0.50 mmHg"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"notice mu\">"));
	ck_assert_ptr_nonnull(strstr(html, "<p>An opinion.</p>"));
	ck_assert(strstr(html, "Opinions and interpretations") > strstr(html, "id=\"s-trace\""));
	free(html);
	/* far from the limit: no flag */
	json_object_object_add(e, "statistics", json_tokener_parse("{\"bias\":-1.0,\"sd\":2}"));
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_OK);
	ck_assert_ptr_null(strstr(html, "<div class=\"notice mu\">"));
	free(html);
	/* meant for certification: refused, naming what is missing */
	json_object_object_add(lab, "certification", json_object_new_boolean(1));
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EINVAL);
	ck_assert_ptr_null(html);
	ck_assert_msg(strstr(err, "lab.sample.identification") && strstr(err, "lab.sample.received") &&
			  strstr(err, "lab.conditions") && !strstr(err, "lab.customer") &&
			  !strstr(err, "lab.references[I]"),
		      "%s", err);
	json_object_object_add(lab, "sample", json_tokener_parse("{\"identification\":\"S1\",\"received\":\"2026-11-20\"}"));
	json_object_object_add(lab, "conditions", json_tokener_parse("{\"temperature\":\"23 Cel\"}"));
	json_object_object_add(lab, "references", json_tokener_parse("[{\"instrument\":\"I\"}]"));
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EINVAL);
	ck_assert_msg(strstr(err, "lab.references[I].certificate, lab.references[I].traceability") &&
			  !strstr(err, "lab.sample"), "%s", err);
	json_object_object_add(lab, "references", json_tokener_parse(
	    "[{\"instrument\":\"I\",\"certificate\":\"CAL-1\",\"traceability\":\"NIM\"}]"));
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

START_TEST(test_report_damaged_records)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512];
	json_object *root = small_record();
	int count = 0, rc;
	char *html;

	ck_assert_ptr_nonnull(root);
	free(tu_write(run, "traffic.jsonl",
		      "{\"seq\":1,\"dir\":\"tx\",\"case\":\"C-SEC-1\",\"hex\":"
		      "\"0a03\",\"mono_ns\":5}\n"
		      "not json\n{\"seq\":\"2\"}\n[1,2]\n"));
	/* the log is the record's: its frames are read, garbage lines and all
	 */
	{
		char hex[SHA256_HEX_LEN + 1];
		json_object *tl;

		snprintf(path, sizeof(path), "%s/traffic.jsonl", run);
		ck_assert_int_eq(sha256_file(path, hex), CC_OK);
		ck_assert(json_object_object_get_ex(root, "traffic_log", &tl));
		json_object_object_add(tl, "sha256",
				       json_object_new_string(hex));
	}
	mutate_all(root, root, run, out, &count);
	ck_assert_int_gt(count, 300);
	/* not JSON at all, and a schema from elsewhere: refused with a message
	 */
	free(tu_write(run, RECORD_FILE,
		      "{\"schema\": \"carecert/result/1\", \"cases\": [tru"));
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EINVAL);
	ck_assert_ptr_null(html);
	ck_assert_ptr_nonnull(strstr(err, "not a readable JSON file"));
	free(tu_write(run, RECORD_FILE,
		      "{\"schema\": \"other/1\", \"cases\": []}"));
	render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "schema is 'other/1'"));
	snprintf(path, sizeof(path), "%s/none", run);
	render_dir(path, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EINVAL);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* Response times are the DUT's main link's: frames of an instrument or a
 * further link (a gateway) that interleave are neither requests nor
 * replies of the device. */
START_TEST(test_report_times_of_the_main_link)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512], hex[SHA256_HEX_LEN + 1];
	json_object *root = small_record(), *tl;
	int rc;
	char *html;

	if (!have("gnuplot")) {
		json_object_put(root);
		tu_rmdir(run);
		tu_rmdir(out);
		return;
	}
	free(tu_write(run, "traffic.jsonl",
		      "{\"seq\":1,\"dir\":\"tx\",\"case\":\"C-SEC-1\",\"hex\":\"0a0300\",\"mono_ns\":1000000}\n"
		      "{\"seq\":2,\"dir\":\"tx\",\"link\":\"gateway\",\"case\":\"C-SEC-1\",\"hex\":\"474554\",\"mono_ns\":2000000}\n"
		      "{\"seq\":3,\"dir\":\"rx\",\"link\":\"gateway\",\"case\":\"C-SEC-1\",\"hex\":\"0b4854\",\"mono_ns\":3000000}\n"
		      "{\"seq\":4,\"dir\":\"rx\",\"case\":\"C-SEC-1\",\"hex\":\"0b01\",\"mono_ns\":8000000}\n"));
	snprintf(path, sizeof(path), "%s/traffic.jsonl", run);
	ck_assert_int_eq(sha256_file(path, hex), CC_OK);
	ck_assert(json_object_object_get_ex(root, "traffic_log", &tl));
	json_object_object_add(tl, "sha256", json_object_new_string(hex));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	/* one sample, 7 ms (3 significant digits): the ATT request to its response, not to the
	 * gateway's reply 2 ms after it */
	ck_assert_msg(strstr(html, "<td>1</td>") && strstr(html, ">7.00 ms<"),
		      "%.2000s", strstr(html, "Samples") ? strstr(html, "Samples") : html);
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* A damaged traffic log the record still hashes: numbers out of range are
 * taken as absent (found by fuzz-traffic: converting 1.8e19 to a long, and
 * subtracting -9e18 from 9e18, were undefined behaviour), and its text is
 * escaped in the evidence's frame excerpt. */
START_TEST(test_report_traffic_log_out_of_range)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512],
	     hex[SHA256_HEX_LEN + 1];
	json_object *root = small_record(), *tl;
	char *html;
	int rc;

	free(tu_write(run, "traffic.jsonl",
		      "{\"seq\":1,\"dir\":\"tx\",\"case\":\"C-SEC-1\",\"hex\":\"0a0300\","
		      "\"mono_ns\":-9e18,\"wall\":\"<b>w</b>\"}\n"
		      "{\"seq\":2,\"dir\":\"rx\",\"case\":\"C-SEC-1\",\"hex\":\"0b01\","
		      "\"mono_ns\":9e18}\n"
		      "{\"seq\":1.8e19,\"dir\":\"rx\",\"case\":\"C-SEC-1\",\"mono_ns\":1e300}\n"));
	snprintf(path, sizeof(path), "%s/traffic.jsonl", run);
	ck_assert_int_eq(sha256_file(path, hex), CC_OK);
	ck_assert(json_object_object_get_ex(root, "traffic_log", &tl));
	json_object_object_add(tl, "sha256", json_object_new_string(hex));
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	ck_assert_ptr_nonnull(strstr(html, "#1 tx &lt;b&gt;w&lt;/b&gt; "));
	ck_assert_ptr_null(strstr(html, "<b>w</b>"));
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* No traffic log: latency and intervals come from the measurements, and
 * the text says so. */
START_TEST(test_report_without_log)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), path[4200], err[512];
	json_object *root = small_record();
	struct stat st;
	int rc;
	char *html;

	if (!have("gnuplot")) {
		json_object_put(root);
		tu_rmdir(run);
		tu_rmdir(out);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, true, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	snprintf(path, sizeof(path), "%s/plots/interval-0.svg", out);
	ck_assert_int_eq(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/plots/latency.pdf", out);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_ptr_nonnull(
	    strstr(html, "No usable traffic log: the latency measurements"));
	ck_assert_ptr_nonnull(
	    strstr(html, "No usable traffic log: the case&#39;s interval"));
	/* the traffic log the record names is missing: a deviation, and traced
	 */
	ck_assert_ptr_nonnull(strstr(html, "Traffic log: not found"));
	/* the security case, its failure and the marginal measurement */
	ck_assert_ptr_nonnull(strstr(html, "Marginal: first_latency = 12.0 ms"));
	ck_assert_ptr_nonnull(strstr(html, "137 (signal 9)"));
	free(html);
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
}
END_TEST

/* A document that outgrows report.html's cap is refused with the buffer's
 * error, wherever the cap falls (the writers' sticky error: every write
 * after the first failed one does nothing), and nothing is written. */
static int render_capped(const char *run, const char *out, size_t cap,
			 bool plots, char *err, size_t errlen)
{
	struct report_opts o = {.run_dir = run,
				.out_dir = out,
				.lang = LANG_EN,
				.issued = 1790000000,
				.skip_plots = !plots,
				.max_html = cap};
	struct report_files f;

	return report_render(&o, &f, err, errlen);
}

START_TEST(test_report_output_cap)
{
	char *run = tu_mkdtemp(), *out = tu_mkdtemp(), *refused = tu_mkdtemp();
	char path[4200], err[512], msg[128];
	json_object *root = small_record();
	struct stat st;
	size_t len, caps = 0;
	char *html;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", run, RECORD_FILE);
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	html = render_dir(run, out, LANG_EN, false, &rc, err, sizeof(err));
	ck_assert_msg(rc == CC_OK, "%s", err);
	len = strlen(html);
	snprintf(msg, sizeof(msg), "report: %s", cc_strerror(CC_ETOOBIG));
	/* the first bytes one by one, then the cap at ~400 points through
	 * every section, and one byte short */
	for (size_t cap = 1; cap < len; cap += cap < 64 ? 1 : len / 400) {
		rc = render_capped(run, refused, cap, false, err, sizeof(err));
		ck_assert_msg(rc == CC_ETOOBIG, "cap %zu: %d %s", cap, rc, err);
		ck_assert_str_eq(err, msg);
		caps++;
	}
	ck_assert_int_eq(
	    render_capped(run, refused, len - 1, false, err, sizeof(err)),
	    CC_ETOOBIG);
	ck_assert_int_gt(caps, 400);
	snprintf(path, sizeof(path), "%s/report.html", refused);
	ck_assert_int_ne(stat(path, &st), 0);
	/* exactly the document's size is enough, and gives the same bytes */
	ck_assert_int_eq(render_capped(run, refused, len, false, err,
				       sizeof(err)),
			 CC_OK);
	{
		char *again = tu_slurp(path);

		ck_assert_str_eq(again, html);
		free(again);
	}
	free(html);
	/* past the cap no plot is drawn or written */
	if (have("gnuplot")) {
		tu_rmdir(refused);
		refused = tu_mkdtemp();
		ck_assert_int_eq(
		    render_capped(run, refused, 4096, true, err, sizeof(err)),
		    CC_ETOOBIG);
		snprintf(path, sizeof(path), "%s/plots/latency.svg", refused);
		ck_assert_int_ne(stat(path, &st), 0);
		snprintf(path, sizeof(path), "%s/plots/interval-0.svg",
			 refused);
		ck_assert_int_ne(stat(path, &st), 0);
	}
	json_object_put(root);
	tu_rmdir(run);
	tu_rmdir(out);
	tu_rmdir(refused);
}
END_TEST

static json_object *diff_record(const char *v1, double m1, const char *v2,
				bool with_third)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "{\"schema\":\"carecert/result/"
		 "1\",\"dut\":{\"firmware\":\"1\"},\"cases\":["
		 "{\"suite\":\"s\",\"id\":\"A-1\",\"verdict\":\"%s\","
		 "\"reason\":\"why %s\","
		 "\"measurements\":[{\"name\":\"t\",\"value\":%g,\"unit\":"
		 "\"ms\",\"verdict\":\"pass\"},"
		 "{\"name\":\"t\",\"value\":5,\"unit\":\"ms\",\"verdict\":"
		 "\"pass\"}]},"
		 "{\"suite\":\"s\",\"id\":\"A-2\",\"verdict\":\"%s\","
		 "\"reason\":\"\"}%s]}",
		 v1, v1, m1, v2,
		 with_third
		     ? ",{\"suite\":\"s\",\"id\":\"A-3\",\"verdict\":\"pass\"}"
		     : "");
	return json_tokener_parse(text);
}

START_TEST(test_rundiff)
{
	json_object *a = diff_record("pass", 100, "fail", true);
	json_object *b = diff_record("fail", 104, "pass", false);
	struct rundiff_counts n;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_int_eq(rundiff_print(a, b, "old", "new", 5, f, &n), CC_OK);
	fclose(f);
	ck_assert_uint_eq(n.regressions, 1);
	ck_assert_uint_eq(n.improvements, 1);
	ck_assert_uint_eq(n.only_a, 1);
	ck_assert_uint_eq(n.only_b, 0);
	/* 100 -> 104 is within 5 % */
	ck_assert_uint_eq(n.moved, 0);
	/* regressions first, with B's reason */
	ck_assert_ptr_nonnull(strstr(text, "regressions:\n  A-1"));
	ck_assert_ptr_nonnull(strstr(text, "why fail"));
	ck_assert(strstr(text, "regressions:") < strstr(text, "improvements:"));
	ck_assert(strstr(text, "improvements:") <
		  strstr(text, "cases only in A:\n  A-3"));
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	ck_assert_int_eq(rundiff_print(a, b, "old", "new", 1, f, &n), CC_OK);
	fclose(f);
	ck_assert_uint_eq(n.moved, 1);
	ck_assert_ptr_nonnull(
	    strstr(text, "A-1                    t: 100 -> 104 ms (+4)"));
	free(text);
	json_object_put(a);
	json_object_put(b);
}
END_TEST

Suite *suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_labels_complete);
	tcase_add_test(tc, test_html_escape);
	tcase_add_test(tc, test_plot_pieces);
	tcase_add_test(tc, test_plot_reproducible);
	tcase_add_test(tc, test_plot_single_value_and_track);
	tcase_add_test(tc, test_report_accuracy_fixture);
	tcase_add_test(tc, test_fall_report);
	tcase_add_test(tc, test_report_damaged_records);
	tcase_add_test(tc, test_report_output_cap);
	tcase_add_test(tc, test_report_without_log);
	tcase_add_test(tc, test_report_traffic_log_out_of_range);
	tcase_add_test(tc, test_report_times_of_the_main_link);
	tcase_add_test(tc, test_rundiff);
	tcase_add_test(tc, test_report_wrong_today);
	tcase_add_test(tc, test_report_rounding);
	tcase_add_test(tc, test_plot_labels_clear);
	tcase_add_test(tc, test_report_constant_differences);
	tcase_add_test(tc, test_report_chinese);
	tcase_add_test(tc, test_report_chinese_record);
	tcase_add_test(tc, test_report_iso17025);
	tcase_add_test(tc, test_report_uncertainty);
	suite_add_tcase(s, tc);
	return s;
}
