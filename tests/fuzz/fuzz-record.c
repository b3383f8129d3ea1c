/* SPDX-License-Identifier: MIT */
/*
 * Result records read back from disk (core/record.c record_load, the typed
 * access of report/jtype.c): a result.json may have been edited or damaged
 * before `carecert junit`, `diff` or `report` reads it. The input as
 * result.json through record_load(), then what `junit` and `diff` do with
 * it: the tally, the JUnit file, and the comparison with itself and with a
 * real record both ways.
 * Seeds: the project's records (tests/data/), and one that cites frames
 * of a traffic log, which the JUnit writer quotes from the log written
 * beside the record here (every dialect, chosen by the input's size).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/junit.h"
#include "core/record.h"
#include "fuzz.h"
#include "report/rundiff.h"

static struct record *ref; /* a real record to diff against */
static FILE *devnull;
static char path[PATH_MAX], junit[PATH_MAX];

/* A traffic log as the runner writes it, with the odd lines a damaged one
 * may have: an event, a frame with only hex, control and non-UTF-8 bytes,
 * a torn line, a seq out of range. */
static const char traffic[] =
	"{\"seq\":1,\"dir\":\"event\",\"event\":\"open\",\"detail\":\"/dev/pts/3\"}\n"
	"{\"seq\":2,\"dir\":\"tx\",\"len\":8,\"hex\":\"2449442a30440d0a\",\"text\":\"$ID*0D\\r\\n\"}\n"
	"{\"seq\":3,\"dir\":\"rx\",\"len\":3,\"hex\":\"01ff0a\"}\n"
	"{\"seq\":4,\"dir\":\"rx\",\"text\":\"a\\u0001\\u007f]]>\xff\xc3<&\"}\n"
	"{\"seq\":5,\"dir\":\"rx\",\"text\":\"torn\n"
	"{\"seq\":99999999999999999999999,\"dir\":\"rx\"}\n"
	"{\"seq\":6}\n";

/* A record whose evidence cites those frames, with a retried pass and a
 * failure after retries (every element the dialects write). */
static const char cites[] =
	"{\"schema\":\"carecert/result/1\",\"status\":\"complete\",\"verdict\":\"fail\","
	"\"dut\":{\"vendor\":\"V\",\"model\":\"M\",\"serial_number\":\"S\"},"
	"\"traffic_log\":{\"file\":\"traffic.jsonl\"},\"suites\":[{\"id\":\"s\"}],\"cases\":["
	"{\"suite\":\"s\",\"id\":\"A\",\"title\":\"T\",\"verdict\":\"pass\",\"attempt\":2,"
	"\"attempts_allowed\":3,\"requirements\":[{\"standard\":\"X\",\"clause\":\"1\"}],"
	"\"evidence\":[{\"line\":1,\"kind\":\"expect\",\"verdict\":\"pass\",\"frames\":[1,2]}],"
	"\"previous_attempts\":[{\"attempt\":1,\"verdict\":\"error\",\"reason\":\"r\","
	"\"evidence\":[{\"line\":1,\"kind\":\"expect\",\"verdict\":\"error\",\"frames\":[3,4,5,6,7]}]}]},"
	"{\"suite\":\"s\",\"id\":\"B\",\"verdict\":\"fail\",\"attempt\":2,\"attempts_allowed\":2,"
	"\"evidence\":[{\"line\":2,\"kind\":\"assert\",\"verdict\":\"fail\",\"expected\":\"e\","
	"\"observed\":\"o\",\"frames\":[4,2]}],\"measurements\":[{\"name\":\"m\",\"value\":1,"
	"\"unit\":\"ms\",\"max\":0,\"verdict\":\"fail\",\"marginal\":true}],"
	"\"previous_attempts\":[{\"attempt\":1,\"verdict\":\"fail\",\"evidence\":[]}]}]}";

static void generate(void)
{
	fuzz_seed("cites-frames.json", cites, sizeof(cites) - 1);
}

static void init(void)
{
	char p[PATH_MAX], err[256];

	snprintf(p, sizeof(p), "%s/tests/data/accuracy-run/result.json",
		 fuzz_top());
	ref = record_load(p, err, sizeof(err));
	fuzz_assert(ref);
	devnull = fopen("/dev/null", "w");
	fuzz_assert(devnull);
	snprintf(path, sizeof(path), "%s/result.json", fuzz_tmpdir());
	snprintf(junit, sizeof(junit), "%s/junit.xml", fuzz_tmpdir());
	snprintf(p, sizeof(p), "%s/traffic.jsonl", fuzz_tmpdir());
	fuzz_write(p, traffic, sizeof(traffic) - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rundiff_counts c;
	struct verdict_tally t;
	struct record *r;
	char err[256];

	fuzz_write(path, data, size);
	r = record_load(path, err, sizeof(err));
	if (!r)
		return 0;
	record_tally(record_json(r), &t);
	(void)verdict_tally_overall(&t);
	(void)junit_write_opts(record_json(r), junit,
			       &(struct junit_opts){ .dialect = (enum junit_dialect)(size % 3),
						     .run_dir = fuzz_tmpdir() });
	fuzz_assert(!rundiff_print(record_json(r), record_json(r), "a", "a",
				   5.0, devnull, &c));
	fuzz_assert(!rundiff_print(record_json(ref), record_json(r), "ref",
				   "in", 5.0, devnull, &c));
	fuzz_assert(!rundiff_print(record_json(r), record_json(ref), "in",
				   "ref", 0.0, devnull, &c));
	record_free(r);
	return 0;
}

static const char *const seeds[] = {"tests/data/*/result.json", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "record", .seeds = seeds, .generate = generate, .init = init};
