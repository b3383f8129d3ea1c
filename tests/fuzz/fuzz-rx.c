/* SPDX-License-Identifier: MIT */
/*
 * Regular expressions (base/rx.c): a suite's or a driver's pattern
 * compiled as the loaders compile it, then matched against what a device
 * sends, as expect: does with a received line.
 *
 * Input: the pattern, a newline, the received text.
 * Generated seeds: the patterns of the suites and drivers with lines a
 * device sends.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/rx.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	char *pattern, *text, err[160];
	regmatch_t m[16];
	regex_t re;

	if (size > 4096)
		return 0;
	pattern = fuzz_strndup(data, plen);
	text =
	    fuzz_strndup(nl ? nl + 1 : data + size, nl ? size - plen - 1 : 0);
	if (rx_compile(&re, pattern, 0, err, sizeof(err)) == CC_OK) {
		if (!regexec(&re, text, 16, m, 0))
			for (size_t i = 0; i < 16; i++)
				fuzz_assert(
				    m[i].rm_so == -1 ||
				    (m[i].rm_so <= m[i].rm_eo &&
				     (size_t)m[i].rm_eo <= strlen(text)));
		regfree(&re);
	} else {
		fuzz_assert(err[0] && strnlen(err, sizeof(err)) < sizeof(err));
	}
	free(pattern);
	free(text);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	static const char *const seeds[][2] = {
	    {"^ID,([^,]*),([^,]*),([^,]*),([^,]*)$",
	     "ID,Acme,BP-1,1.0.3,SN0001"},
	    {"^BP,([0-9.]+),([0-9.]+),([0-9.]+),([0-9]+),(mmHg|kPa),([0-9A-F]{"
	     "2})$",
	     "BP,121,79,93,72,mmHg,00"},
	    {"^CLK,([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-"
	     "9]{2})$",
	     "CLK,2026-11-24T08:30:00"},
	    {"^STAT,([0-9]+),(IDLE|MEAS),([0-9]+)$", "STAT,87,IDLE,3"},
	    {"^TEMP,(-?[0-9]+\\.[0-9]+)$", "TEMP,-0.25"},
	    {"^([^,]*),([^,]*),([^,]*),(.*)$", "Acme,OXI-SIM 3,42,2.1"},
	    {"(Traceback|[Ee]xception|\\.(c|cc|cpp|java|py|go|js):[0-9]+|at "
	     "[A-Za-z_.$]+ ?\\(|"
	     "birthDate|[Bb]orn )",
	     "{\"error\":\"at com.example.Foo(Foo.java:42)\"}"},
	    {"^application/(fhir\\+)?json",
	     "application/fhir+json; charset=utf-8"},
	    {"^/fhir/Observation$", "/fhir/Observation"},
	    {"[[:alpha:]]{2,}[[:space:]]*[]x-]+\\1", "ab ]]"},
	};
	char buf[512], name[32];

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "%s\n%s", seeds[i][0],
				 seeds[i][1]);

		snprintf(name, sizeof(name), "gen-%02zu", i);
		fuzz_seed(name, buf, (size_t)n);
	}
}

const struct fuzz_harness fuzz_harness = {.name = "rx", .generate = generate};
