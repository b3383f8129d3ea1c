/* SPDX-License-Identifier: MIT */
/*
 * The traffic log as the report reads it back (report/report.c
 * load_traffic_log and what uses the frames: evidence excerpts, response
 * times, arrival intervals): the input is a run folder's traffic.jsonl,
 * beside a record whose traffic_log names it with its SHA-256 (the report
 * reads only the log its record hashed) and whose cases cite frames 1 to
 * 4. Serial or BLE run by the input's length, so both readings of the
 * frames' bytes are taken.
 * Seeds: generated logs in docs/traffic-log.md's format for the record's
 * cases, serial and ATT traffic.
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/fileio.h"
#include "fuzz.h"
#include "report/report.h"

static json_object *rec;
static char run[PATH_MAX], out[PATH_MAX], log_path[PATH_MAX], rec_path[PATH_MAX];

static void init(void)
{
	char path[PATH_MAX];
	json_object *cases;

	snprintf(path, sizeof(path), "%s/tests/data/accuracy-run/result.json",
		 fuzz_top());
	rec = json_object_from_file(path);
	fuzz_assert(rec && json_object_object_get_ex(rec, "cases", &cases));
	for (size_t i = 0; i < json_object_array_length(cases); i++)
		json_object_object_add(
		    json_object_array_get_idx(cases, i), "evidence",
		    json_tokener_parse("[{\"verdict\":\"fail\",\"kind\":\"expect\","
				       "\"message\":\"m\",\"frames\":[1,2,3,4]}]"));
	snprintf(run, sizeof(run), "%s/run", fuzz_tmpdir());
	snprintf(out, sizeof(out), "%s/out", fuzz_tmpdir());
	snprintf(log_path, sizeof(log_path), "%s/traffic.jsonl", run);
	snprintf(rec_path, sizeof(rec_path), "%s/result.json", run);
	fuzz_assert(!mkdir(run, 0755));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_opts o = {
	    .run_dir = run,
	    .out_dir = out,
	    .issued = 1767225600,
	    .skip_plots = true,
	};
	char sha[SHA256_HEX_LEN + 1], err[1024];
	struct report_files f;
	json_object *tl = json_object_new_object(), *tr;
	int rc;

	fuzz_write(log_path, data, size);
	sha256_hex(data, size, sha);
	json_object_object_add(tl, "file", json_object_new_string("traffic.jsonl"));
	json_object_object_add(tl, "sha256", json_object_new_string(sha));
	json_object_object_add(rec, "traffic_log", tl);
	fuzz_assert(json_object_object_get_ex(rec, "transport", &tr));
	json_object_object_add(tr, "kind",
			       json_object_new_string(size % 2 ? "ble" : "serial"));
	fuzz_assert(!json_object_to_file_ext(rec_path, rec, JSON_C_TO_STRING_PLAIN));
	rc = report_render(&o, &f, err, sizeof(err));
	fuzz_assert(rc == CC_OK || rc == CC_ETOOBIG);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	static const char serial[] =
	    "{\"seq\":1,\"dir\":\"event\",\"mono_ns\":1000,\"wall\":\"2026-11-24T10:00:00.000Z\","
	    "\"event\":\"open\"}\n"
	    "{\"seq\":2,\"dir\":\"tx\",\"mono_ns\":81234567890,\"wall\":\"2026-11-24T10:00:01.234Z\","
	    "\"case\":\"ACC-BP-01\",\"len\":8,\"hex\":\"2449442a30440d0a\",\"text\":\"$ID*0D\\r\\n\"}\n"
	    "{\"seq\":3,\"dir\":\"rx\",\"mono_ns\":81240012345,\"wall\":\"2026-11-24T10:00:01.240Z\","
	    "\"case\":\"ACC-BP-01\",\"len\":4,\"hex\":\"4f4b0d0a\",\"text\":\"OK\\r\\n\"}\n"
	    "{\"seq\":4,\"dir\":\"rx\",\"mono_ns\":81250012345,\"wall\":\"2026-11-24T10:00:01.250Z\","
	    "\"case\":\"ACC-BP-01\",\"link\":\"sim\",\"len\":2,\"hex\":\"0d0a\"}\n"
	    "{\"seq\":5,\"dir\":\"event\",\"mono_ns\":81250100000,\"wall\":\"2026-11-24T10:00:01.250Z\","
	    "\"case\":\"ACC-BP-01\",\"event\":\"verdict\",\"detail\":\"pass\"}\n";
	/* Read By Type, its response, an indication and its confirmation */
	static const char ble[] =
	    "{\"seq\":1,\"dir\":\"tx\",\"mono_ns\":1000000,\"case\":\"ACC-GLU-01\",\"len\":7,"
	    "\"hex\":\"080100ffff0328\"}\n"
	    "{\"seq\":2,\"dir\":\"rx\",\"mono_ns\":9000000,\"case\":\"ACC-GLU-01\",\"len\":9,"
	    "\"hex\":\"0907020020030035\"}\n"
	    "{\"seq\":3,\"dir\":\"rx\",\"mono_ns\":19000000,\"case\":\"ACC-GLU-01\",\"len\":6,"
	    "\"hex\":\"1d0300160078\"}\n"
	    "{\"seq\":4,\"dir\":\"tx\",\"mono_ns\":19500000,\"case\":\"ACC-GLU-01\",\"len\":1,"
	    "\"hex\":\"1e\"}\n"
	    "{\"seq\":5,\"dir\":\"rx\",\"mono_ns\":29000000,\"case\":\"ACC-GLU-01\",\"len\":6,"
	    "\"hex\":\"1d0300160079\"}\n";

	fuzz_seed("gen-serial.jsonl", serial, sizeof(serial) - 1);
	fuzz_seed("gen-ble.jsonl", ble, sizeof(ble) - 1);
}

const struct fuzz_harness fuzz_harness = {
    .name = "traffic", .generate = generate, .init = init};
