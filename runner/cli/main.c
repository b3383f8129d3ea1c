/* SPDX-License-Identifier: MIT */
/*
 * carecert: the command line. Each subcommand is one function; only main()
 * exits. Exit status: 0 success / all applicable cases passed, 1 some case
 * failed or was inconclusive, 2 usage or profile/suite error, 3 the run
 * could not be completed (DUT unreachable, test-system error, a write that
 * failed), 4 partial (every case run passed, applicable cases left out),
 * 128+N interrupted by signal N.
 */
#include "catalog/package.h"
#include "cli/cmd-batch.h"
#include "cli/cmd-store.h"
#include "core/coverage.h"
#include "base/diag.h"
#include "core/engine.h"
#include "base/err.h"
#include "core/junit.h"
#include "core/plan.h"
#include "core/profile.h"
#include "core/record.h"
#include "report/report.h"
#include "report/rundiff.h"
#include "transport/serial-port.h"
#include "seal/sign.h"
#include "core/suite.h"
#include "version.h"
#include "base/ydoc.h"

#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_INCOMPLETE 3

static const char usage_text[] =
	"usage: carecert <command> [options] [arguments]\n"
	"\n"
	"commands:\n"
	"  validate FILE...        check profiles and suites (and the suites a profile names)\n"
	"  list PROFILE            list the test cases and which apply to the DUT\n"
	"  run PROFILE...          run a certification; writes result.json and traffic.jsonl\n"
	"                          (several profiles: --jobs N at once, worst exit status)\n"
	"  ports                   list serial ports: path, USB VID:PID, serial number, description\n"
	"  coverage DIR|FILE...    requirements the suites verify, and those with no case\n"
	"  junit RUN_DIR FILE      regenerate JUnit XML from a run's result.json\n"
	"  keygen KEY              new Ed25519 key pair: KEY (private, PEM) and KEY.pub\n"
	"  sign RUN_DIR --key KEY  seal a run folder: MANIFEST.sha256 + MANIFEST.sig\n"
	"  verify RUN_DIR          check a sealed folder; names every changed, added or\n"
	"                          removed file (--pubkey KEY: the signer must be KEY);\n"
	"                          a PACKAGE.tar of submit: the package and its runs\n"
	"  submit RUN_DIR... --out PACKAGE.tar --key KEY\n"
	"                          catalogue package: sealed runs, their PDFs, an index\n"
	"  report RUN_DIR          certification report from result.json: report.html,\n"
	"                          report.pdf and plots/ (in RUN_DIR, or --out DIR)\n"
	"  diff RUN_A RUN_B        cases whose verdict changed (regressions first) and\n"
	"                          measurements that moved (--tolerance PCT, default 5)\n"
	"  store add RUN_DIR...    import run folders into the results store (--db URL)\n"
	"  store runs|show|history|trend|instruments\n"
	"                          query the store: runs with filters, one run, a model\n"
	"                          across firmware, reference instruments\n"
	"  serve                   web dashboard of the store (--db URL, --listen ADDR:PORT)\n"
	"  passwd FILE USER        a dashboard account (password on stdin, scrypt hash)\n"
	"  help [COMMAND]          this text, or a command's usage and options\n"
	"\n"
	"'carecert COMMAND --help' lists the options COMMAND takes; an option it does\n"
	"not take is an error.\n"
	"\n"
	"  -h, --help              this text      -V, --version   version and git revision\n"
	"\n"
	"exit status: 0 all applicable cases passed, 1 a case failed or was inconclusive,\n"
	"2 usage or profile error, 3 run not completed (DUT unreachable, test-system error,\n"
	"a write that failed), 4 partial (every case run passed, applicable cases left out:\n"
	"no certification verdict), 128+N interrupted by signal N (130: Ctrl-C).\n"
	"See carecert(1).\n";

/* Every option of every command, once; each command lists the ones it
 * takes (struct command's opts), so that an option a command does not
 * take is refused rather than ignored. */
enum opt_id {
	OPT_NONE = 0,
	OPT_OUT,
	OPT_REPORT_OUT,
	OPT_JUNIT,
	OPT_JUNIT_DIALECT,
	OPT_SUITES,
	OPT_FAULT,
	OPT_CASE,
	OPT_TAG,
	OPT_EXCLUDE_TAG,
	OPT_RERUN_FAILED,
	OPT_FORCE,
	OPT_VERBOSE,
	OPT_QUIET,
	OPT_KEY,
	OPT_PUBKEY,
	OPT_LANG,
	OPT_LAB,
	OPT_NO_PDF,
	OPT_PDF_ENGINE,
	OPT_PDF_FULL_MAX,
	OPT_TOLERANCE,
	OPT_DB,
	OPT_JSON,
	OPT_REQUIRE_SEAL,
	OPT_ALLOW_INCOMPLETE,
	OPT_VENDOR,
	OPT_MODEL,
	OPT_SERIAL,
	OPT_FIRMWARE,
	OPT_VERDICT,
	OPT_SINCE,
	OPT_FILTER_LAB,
	OPT_CASE_ID,
	OPT_REQUIREMENT,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_DAYS,
	OPT_LISTEN,
	OPT_STORE,
	OPT_PACKAGE_OUT,
	OPT_PLOT,
	OPT_JOBS,
	OPT_IMPORT_TOKENS,
	OPT_IMPORT_PUBKEY,
	OPT_ACCOUNTS,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_HELP,
	OPT_COUNT
};

struct cli_opt {
	const char *name;  /* long name */
	char short_name;   /* 0: long only */
	const char *arg;   /* argument name; NULL: a flag */
	const char *help;
};

static const struct cli_opt cli_opts[OPT_COUNT] = {
	[OPT_OUT] = { .name = "out", .short_name = 'o', .arg = "DIR",
		      .help = "run folder (default: <output.dir>/<model>-<time>)" },
	[OPT_REPORT_OUT] = { .name = "out", .short_name = 'o', .arg = "DIR",
			     .help = "where the report goes (default: RUN_DIR)" },
	[OPT_JUNIT] = { .name = "junit", .short_name = 'j', .arg = "FILE",
			.help = "also write JUnit XML to FILE" },
	[OPT_JUNIT_DIALECT] = { .name = "junit-dialect", .arg = "NAME",
				.help = "JUnit: ant (default), jenkins, gitlab, surefire" },
	[OPT_SUITES] = { .name = "suites", .short_name = 's', .arg = "DIR",
			 .help = "where suites are found (default: ../suites)" },
	[OPT_FAULT] = { .name = "fault", .short_name = 'f', .arg = "NAME",
			.help = "simulator fault to inject (repeatable)" },
	[OPT_CASE] = { .name = "case", .short_name = 'c', .arg = "PATTERN",
		       .help = "cases whose id matches (glob; repeatable)" },
	[OPT_TAG] = { .name = "tag", .short_name = 't', .arg = "TAG",
		      .help = "cases with this tag (repeatable: any of them)" },
	[OPT_EXCLUDE_TAG] = { .name = "exclude-tag", .arg = "TAG",
			      .help = "leave out cases with this tag (repeatable)" },
	[OPT_RERUN_FAILED] = { .name = "rerun-failed", .arg = "RUN_DIR",
			       .help = "the cases that failed or errored in RUN_DIR" },
	[OPT_FORCE] = { .name = "force",
			.help = "--out may hold an earlier, unsealed run" },
	[OPT_VERBOSE] = { .name = "verbose", .short_name = 'v',
			  .help = "each frame on stderr as it passes" },
	[OPT_QUIET] = { .name = "quiet", .short_name = 'q', .help = "no per-case lines" },
	[OPT_KEY] = { .name = "key", .short_name = 'k', .arg = "KEY",
		      .help = "private key (PEM) to sign with" },
	[OPT_PUBKEY] = { .name = "pubkey", .short_name = 'p', .arg = "KEY",
			 .help = "public key (PEM) the signer must have" },
	[OPT_LANG] = { .name = "lang", .short_name = 'l', .arg = "en|zh|en,zh",
		       .help = "labels in en (default) or zh (adds -zh to names); both: en,zh" },
	[OPT_LAB] = { .name = "lab", .arg = "NAME",
		      .help = "laboratory on the cover (else the record's)" },
	[OPT_NO_PDF] = { .name = "no-pdf", .help = "write report.html and the plots only" },
	[OPT_PDF_ENGINE] = { .name = "pdf-engine", .arg = "chromium|weasyprint",
			     .help = "what prints report.pdf (default chromium)" },
	[OPT_PDF_FULL_MAX] = { .name = "pdf-full-max", .arg = "N",
			       .help = "over N cases, passed cases are one row each in the PDF "
				       "(default 200; 0: never)" },
	[OPT_TOLERANCE] = { .name = "tolerance", .arg = "PCT",
			    .help = "moved: changed by more than PCT % (default 5)" },
	[OPT_DB] = { .name = "db", .arg = "URL",
		     .help = "store: a SQLite file or postgresql://... (default $CARECERT_DB, "
			     "else " STORE_DEFAULT_DB ")" },
	[OPT_JSON] = { .name = "json", .help = "print the answer as JSON, not a table" },
	[OPT_REQUIRE_SEAL] = { .name = "require-seal",
			       .help = "refuse a run folder that is not sealed" },
	[OPT_ALLOW_INCOMPLETE] = { .name = "allow-incomplete",
				   .help = "store runs that did not complete (as such)" },
	[OPT_VENDOR] = { .name = "vendor", .arg = "NAME", .help = "runs of this vendor's devices" },
	[OPT_MODEL] = { .name = "model", .arg = "NAME", .help = "runs of this model" },
	[OPT_SERIAL] = { .name = "serial", .arg = "SN", .help = "runs of this serial number" },
	[OPT_FIRMWARE] = { .name = "firmware", .arg = "VERSION",
			   .help = "runs of this firmware version" },
	[OPT_VERDICT] = { .name = "verdict", .arg = "VERDICT",
			  .help = "runs with this overall verdict (pass, fail, ...)" },
	[OPT_SINCE] = { .name = "since", .arg = "DATE",
			.help = "runs started at or after DATE (UTC, 2026-12-01[T10:00])" },
	[OPT_FILTER_LAB] = { .name = "lab", .arg = "NAME", .help = "runs made by this lab" },
	[OPT_CASE_ID] = { .name = "case", .arg = "ID", .help = "runs with a case of this id" },
	[OPT_REQUIREMENT] = { .name = "requirement", .arg = "CLAUSE",
			      .help = "runs covering this clause (\"ISO 81060-2 5.1\" or \"5.1\")" },
	[OPT_LIMIT] = { .name = "limit", .arg = "N", .help = "at most N runs (default and most 1000)" },
	[OPT_OFFSET] = { .name = "offset", .arg = "N", .help = "skip the first N runs" },
	[OPT_DAYS] = { .name = "days", .arg = "N",
		       .help = "calibration due within N days is due soon (default 30)" },
	[OPT_LISTEN] = { .name = "listen", .arg = "ADDR:PORT",
			 .help = "where to serve (default 127.0.0.1:8080; port 0: any free)" },
	[OPT_TLS_CERT] = { .name = "tls-cert", .arg = "PEM",
			   .help = "the lab's certificate: serve HTTPS (needed off loopback)" },
	[OPT_TLS_KEY] = { .name = "tls-key", .arg = "PEM", .help = "the certificate's private key" },
	[OPT_STORE] = { .name = "store",
			.help = "add the run to the results store when it ends (--db URL)" },
	[OPT_PACKAGE_OUT] = { .name = "out", .short_name = 'o', .arg = "PACKAGE.tar",
			      .help = "the package to write (.zip: a zip archive, else a tar)" },
	[OPT_PLOT] = { .name = "plot", .arg = "FILE.svg",
		       .help = "trend: draw it (SVG, and a PDF beside it; gnuplot)" },
	[OPT_JOBS] = { .name = "jobs", .arg = "N",
		       .help = "several profiles: run N at once (default 1)" },
	[OPT_IMPORT_TOKENS] = { .name = "import-tokens", .arg = "FILE",
				.help = "bench tokens (NAME SHA256HEX lines): enables POST /api/import" },
	[OPT_IMPORT_PUBKEY] = { .name = "import-pubkey", .arg = "KEY",
				.help = "the key a pushed package must be sealed by (PEM)" },
	[OPT_ACCOUNTS] = { .name = "accounts", .arg = "FILE",
			   .help = "lab accounts (carecert passwd): pages need signing in" },
	[OPT_HELP] = { .name = "help", .short_name = 'h', .help = "this command's usage and options" },
};

struct cli {
	const char *cmd; /* the command's name, for messages */
	const char *out, *junit, *junit_dialect, *suites, *key, *pubkey, *lang, *lab, *tolerance;
	const char *rerun_dir;
	int no_pdf;
	const char *pdf_engine, *pdf_full_max;
	char **faults, **only, **tags, **exclude_tags;
	bool quiet, force, verbose, store_run;
	unsigned jobs;
	struct store_cli store;
};

static void cli_release(struct cli *c)
{
	strv_free(c->faults);
	strv_free(c->only);
	strv_free(c->tags);
	strv_free(c->exclude_tags);
}

/* Which schema a YAML file declares, without loading it fully. */
static char *file_schema(const char *path, struct diag *d)
{
	struct ydoc *doc = ydoc_load(path, d);
	const struct ynode *v;
	char *s = NULL;

	if (!doc)
		return NULL;
	v = ymap_get(ydoc_root(doc), "schema");
	if (v && v->type == YNODE_SCALAR)
		s = strdup(v->str);
	else
		diag_add(d, path, ydoc_root(doc)->line, ydoc_root(doc)->col,
			 "missing required key 'schema' (%s or %s)",
			 PROFILE_SCHEMA, SUITE_SCHEMA);
	ydoc_free(doc);
	return s;
}

static int cmd_validate(int argc, char **argv, struct cli *c)
{
	int bad = 0;

	if (argc < 1) {
		fputs("carecert validate: name at least one profile or suite\n", stderr);
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		struct diag d;
		char *schema;

		diag_init(&d);
		schema = file_schema(argv[i], &d);
		if (schema && !strcmp(schema, SUITE_SCHEMA)) {
			struct suite *s = suite_load(argv[i], &d);

			if (s)
				printf("%s: ok (suite %s, %zu cases)\n", argv[i],
				       s->id, s->ncases);
			suite_free(s);
		} else if (schema) {
			struct profile *p = profile_load(argv[i], c->suites, &d);
			size_t n = 0;

			for (size_t k = 0; p && k < p->nsuites; k++)
				n += p->suites[k]->ncases;
			if (p)
				printf("%s: ok (profile, %zu suites, %zu cases)\n",
				       argv[i], p->nsuites, n);
			profile_free(p);
		}
		free(schema);
		if (diag_count(&d)) {
			diag_print(&d, stderr);
			bad = 1;
		}
		diag_release(&d);
	}
	return bad ? EXIT_USAGE : 0;
}

static struct profile *load_profile(const char *path, const struct cli *c)
{
	struct diag d;
	struct profile *p;

	diag_init(&d);
	p = profile_load(path, c->suites, &d);
	diag_print(&d, stderr);
	diag_release(&d);
	return p;
}

static int cmd_list(int argc, char **argv, struct cli *c)
{
	struct profile *p;
	struct plan plan;
	char err[256];

	if (argc != 1) {
		fputs("carecert list: name one profile\n", stderr);
		return EXIT_USAGE;
	}
	if (!(p = load_profile(argv[0], c)))
		return EXIT_USAGE;
	if (plan_build(p,
		       &(struct plan_selection){ .cases = c->only, .tags = c->tags,
						  .exclude_tags = c->exclude_tags },
		       &plan, err, sizeof(err))) {
		fprintf(stderr, "carecert: %s\n", err);
		profile_free(p);
		return EXIT_USAGE;
	}
	printf("DUT: %s %s %s, firmware %s, serial %s\n", p->dut.category,
	       p->dut.vendor, p->dut.model, p->dut.firmware, p->dut.serial_number);
	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_item *it = &plan.items[i];
		const struct tcase *tc = it->tc;

		if (i == 0 || it->suite != plan.items[i - 1].suite)
			printf("\nsuite %s: %s\n", it->suite->id, it->suite->title);
		printf("  %-20s %-6s %s", tc->id, it->applicable ? "run" : "skip",
		       tc->title);
		for (size_t q = 0; q < tc->nreqs; q++)
			printf("%s%s %s", q ? "; " : " [", tc->reqs[q].standard,
			       tc->reqs[q].clause);
		printf("%s\n", tc->nreqs ? "]" : "");
		if (!it->applicable)
			printf("  %-20s        %s\n", "", it->reason);
	}
	printf("\n%zu cases, %zu applicable, %zu not applicable\n", plan.n,
	       plan.applicable, plan.n - plan.applicable);
	plan_release(&plan);
	profile_free(p);
	return 0;
}

static void default_out_dir(const struct profile *p, char *out, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	char model[64];
	size_t k = 0;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (const char *s = p->dut.model; *s && k < sizeof(model) - 1; s++)
		model[k++] = (*s == '/' || *s == ' ') ? '_' : *s;
	model[k] = 0;
	snprintf(out, len, "%s/%s-%s", p->output_dir ? p->output_dir : "reports/out",
		 model, stamp);
}

/* run --store: the finished run into the results store, as it ended (a
 * run that did not complete is stored as such: its verdict says so). */
static int store_after_run(const char *out, const struct cli *c)
{
	struct store_add_opts o = { .allow_incomplete = true };
	struct store_add_result r;
	struct store *s;
	char err[1024];
	int rc = store_open(store_cli_db(&c->store), &s, err, sizeof(err));

	if (!rc) {
		rc = store_add_run(s, out, &o, &r, err, sizeof(err));
		rc = rc ? rc : store_sync(s, err, sizeof(err));
		if (!rc)
			printf("stored: %.12s (%s store)\n", r.sha256, store_backend(s));
		store_close(s);
	}
	if (rc)
		fprintf(stderr, "carecert: the run was not stored: %s\n", err);
	return rc;
}

/* run PROFILE PROFILE...: each a child run with the options that apply
 * to every one of them. */
static int run_several(int argc, char **argv, const struct cli *c)
{
	const char *pass[160];
	size_t k = 0;
	struct batch_opts o = { .out = c->out, .jobs = c->jobs ? c->jobs : 1 };
	char *const *lists[] = { c->faults, c->only, c->tags, c->exclude_tags };
	static const char *const names[] = { "--fault", "--case", "--tag", "--exclude-tag" };

	if (c->junit || c->rerun_dir || c->verbose) {
		fputs("carecert run: --junit, --rerun-failed and --verbose take one profile\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (c->suites) {
		pass[k++] = "--suites";
		pass[k++] = c->suites;
	}
	for (size_t l = 0; l < 4; l++)
		for (size_t i = 0; lists[l] && lists[l][i] && k < 150; i++) {
			pass[k++] = names[l];
			pass[k++] = lists[l][i];
		}
	if (c->force)
		pass[k++] = "--force";
	if (c->store_run)
		pass[k++] = "--store";
	if (c->store.db) {
		pass[k++] = "--db";
		pass[k++] = c->store.db;
	}
	pass[k] = NULL;
	o.pass = (char *const *)pass;
	return cmd_run_batch(argv, (size_t)argc, &o);
}

/* The summary line read back from the record on disk: what stdout says
 * is what the record holds, even when its last write failed. */
static void print_record_summary(const char *out)
{
	static const char *const names[] = { "pass", "fail", "inconclusive", "error", "skipped",
					     "not run", "not judged" };
	char path[PATH_MAX], err[256];
	struct record *r;
	json_object *rec, *sum, *x;
	long long n[sizeof(names) / sizeof(names[0])], retry = 0, marginal = 0, total = 0;

	snprintf(path, sizeof(path), "%s/%s", out, RECORD_FILE);
	if (!(r = record_load(path, err, sizeof(err)))) {
		printf("record: NOT WRITTEN (%s): no verdict\n", err);
		return;
	}
	rec = record_json(r);
	if (!json_object_object_get_ex(rec, "summary", &sum))
		sum = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n[i] = sum && json_object_object_get_ex(sum, names[i], &x) ? json_object_get_int64(x) : 0;
		total += n[i];
	}
	if (sum && json_object_object_get_ex(sum, "passed_on_retry", &x))
		retry = json_object_get_int64(x);
	if (sum && json_object_object_get_ex(sum, "marginal", &x))
		marginal = json_object_get_int64(x);
	printf("%lld cases: %lld pass, %lld fail, %lld inconclusive, %lld error, %lld skipped,"
	       " %lld not run, %lld not judged (%lld passed on retry, %lld marginal): %s\n",
	       total, n[0], n[1], n[2], n[3], n[4], n[5], n[6], retry, marginal,
	       json_object_object_get_ex(rec, "verdict", &x) ? json_object_get_string(x) : "none");
	printf("record: %s\n", path);
	record_free(r);
}

/* --junit-dialect: CC_OK with *d set (ant when not given), or a usage
 * message and CC_EINVAL. */
static int junit_dialect_opt(const struct cli *c, enum junit_dialect *d)
{
	*d = JUNIT_ANT;
	if (!c->junit_dialect || !junit_dialect_parse(c->junit_dialect, d))
		return CC_OK;
	fprintf(stderr, "carecert %s: unknown JUnit dialect '%.60s' (known: %s)\n", c->cmd,
		c->junit_dialect, junit_dialect_names);
	return CC_EINVAL;
}

static int cmd_run(int argc, char **argv, struct cli *c)
{
	struct engine_opts o = { 0 };
	struct verdict_tally t;
	struct profile *p;
	char out[PATH_MAX], junit[2 * PATH_MAX], err[512] = "";
	enum junit_dialect dialect;
	int status;

	if (argc > 1)
		return run_several(argc, argv, c);
	if (argc != 1) {
		fputs("carecert run: name a profile (or several)\n", stderr);
		return EXIT_USAGE;
	}
	if (junit_dialect_opt(c, &dialect))
		return EXIT_USAGE;
	if (!(p = load_profile(argv[0], c)))
		return EXIT_USAGE;
	if (c->faults && !p->sim.program) {
		fputs("carecert run: --fault needs a profile with a simulator\n", stderr);
		profile_free(p);
		return EXIT_USAGE;
	}
	if (c->out)
		snprintf(out, sizeof(out), "%s", c->out);
	else
		default_out_dir(p, out, sizeof(out));
	o.out_dir = out;
	if (c->junit) {
		o.junit_path = c->junit;
	} else if (p->junit) {
		snprintf(junit, sizeof(junit), "%s/%s", out, p->junit);
		o.junit_path = junit;
	}
	/* --junit-dialect wins over the profile's output.junit_dialect */
	o.junit_dialect = c->junit_dialect ? (int)dialect : p->junit_dialect;
	o.faults = c->faults;
	o.only = c->only;
	o.tags = c->tags;
	o.exclude_tags = c->exclude_tags;
	o.rerun_dir = c->rerun_dir;
	o.force = c->force;
	o.verbose = c->verbose;
	o.progress = c->quiet ? NULL : stdout;
	if (!c->quiet)
		printf("carecert %s: %s %s (firmware %s) -> %s\n", CARECERT_VERSION,
		       p->dut.vendor, p->dut.model, p->dut.firmware, out);
	fflush(stdout); /* before --verbose frames on stderr */
	status = engine_run(p, &o, &t, err, sizeof(err));
	if (status == EXIT_USAGE) {
		fprintf(stderr, "carecert: %s\n", err);
	} else {
		if (err[0])
			fprintf(stderr, "carecert: run not completed: %s\n", err);
		print_record_summary(out);
		if (o.junit_path)
			printf("junit:  %s\n", o.junit_path);
		if (c->store_run && store_after_run(out, c) && !status)
			status = EXIT_INCOMPLETE;
	}
	profile_free(p);
	return status;
}

static int cmd_ports(int argc, char **argv, struct cli *c)
{
	int n;

	(void)argv;
	(void)c;
	if (argc) {
		fputs("carecert ports: takes no arguments\n", stderr);
		return EXIT_USAGE;
	}
	n = serial_list_ports(stdout);
	if (n < 0) {
		fputs("carecert: cannot list serial ports\n", stderr);
		return EXIT_INCOMPLETE;
	}
	if (n == 0)
		puts("no serial ports found");
	return 0;
}

static int add_suite_file(const char *path, struct suite ***v, size_t *n,
			  struct diag *d)
{
	char *schema = file_schema(path, d);
	struct suite *s, **nv;

	if (!schema || strcmp(schema, SUITE_SCHEMA)) {
		free(schema);
		return 0; /* profiles and other YAML are not suites */
	}
	free(schema);
	if (!(s = suite_load(path, d)))
		return -1;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		suite_free(s);
		return -1;
	}
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static int cmd_coverage(int argc, char **argv, struct cli *c)
{
	struct suite **suites = NULL;
	size_t n = 0;
	struct diag d;
	int rc = 0;

	(void)c;
	if (argc < 1) {
		fputs("carecert coverage: name a suites directory or suite files\n", stderr);
		return EXIT_USAGE;
	}
	diag_init(&d);
	for (int i = 0; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			diag_add(&d, argv[i], 0, 0, "no such file or directory");
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct dirent **ents;
			int m = scandir(argv[i], &ents, NULL, alphasort);

			for (int k = 0; k < m; k++) {
				size_t l = strlen(ents[k]->d_name);
				char path[PATH_MAX];

				if (l > 5 && !strcmp(ents[k]->d_name + l - 5, ".yaml")) {
					snprintf(path, sizeof(path), "%s/%s", argv[i],
						 ents[k]->d_name);
					add_suite_file(path, &suites, &n, &d);
				}
				free(ents[k]);
			}
			if (m >= 0)
				free(ents);
		} else {
			add_suite_file(argv[i], &suites, &n, &d);
		}
	}
	if (diag_count(&d)) {
		diag_print(&d, stderr);
		rc = EXIT_USAGE;
	} else if (!n) {
		fputs("carecert coverage: no suites found\n", stderr);
		rc = EXIT_USAGE;
	} else {
		coverage_print(suites, n, stdout);
	}
	for (size_t i = 0; i < n; i++)
		suite_free(suites[i]);
	free(suites);
	diag_release(&d);
	return rc;
}

/* A document made from a run that did not finish, or did not cover its
 * scope, says so itself; a person at a terminal hears it too. */
static void note_unfinished(json_object *rec, const char *dir)
{
	json_object *st = NULL, *v = NULL, *why = NULL;
	const char *status, *verdict;

	json_object_object_get_ex(rec, "status", &st);
	json_object_object_get_ex(rec, "verdict", &v);
	json_object_object_get_ex(rec, "abort_reason", &why);
	status = st ? json_object_get_string(st) : "unknown";
	verdict = v ? json_object_get_string(v) : "unknown";
	if (strcmp(status, "complete"))
		fprintf(stderr, "carecert: note: %s: the run is %s%s%s (verdict %s): no certification verdict\n",
			dir, status, why ? ": " : "", why ? json_object_get_string(why) : "",
			verdict);
	else if (!strcmp(verdict, "partial"))
		fprintf(stderr, "carecert: note: %s: a partial run (applicable cases not run): no certification verdict\n",
			dir);
}

static int cmd_junit(int argc, char **argv, struct cli *c)
{
	struct junit_opts o = { 0 };
	char path[PATH_MAX], err[256];
	struct record *r;
	int rc;

	if (argc != 2) {
		fputs("carecert junit: RUN_DIR FILE\n", stderr);
		return EXIT_USAGE;
	}
	if (junit_dialect_opt(c, &o.dialect))
		return EXIT_USAGE;
	o.run_dir = argv[0];
	snprintf(path, sizeof(path), "%s/%s", argv[0], RECORD_FILE);
	if (!(r = record_load(path, err, sizeof(err)))) {
		fprintf(stderr, "carecert: %s: %s\n", path, err);
		return EXIT_USAGE;
	}
	rc = junit_write_opts(record_json(r), argv[1], &o);
	if (rc)
		fprintf(stderr, "carecert: cannot write %s: %s\n", argv[1],
			cc_strerror(rc));
	else
		note_unfinished(record_json(r), argv[0]);
	record_free(r);
	return rc ? EXIT_INCOMPLETE : 0;
}

static int cmd_keygen(int argc, char **argv, struct cli *c)
{
	char pub[PATH_MAX], err[512];
	int rc;

	(void)c;
	if (argc != 1) {
		fputs("carecert keygen: KEY (writes KEY and KEY.pub)\n", stderr);
		return EXIT_USAGE;
	}
	snprintf(pub, sizeof(pub), "%s.pub", argv[0]);
	rc = sign_keygen(argv[0], pub, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_INCOMPLETE;
	}
	printf("private key: %s (keep it secret)\npublic key:  %s\n", argv[0], pub);
	return 0;
}

static int cmd_sign(int argc, char **argv, struct cli *c)
{
	char fpr[SHA256_HEX_LEN + 1], err[512];
	int rc;

	if (argc != 1 || !c->key) {
		fputs("carecert sign: RUN_DIR --key KEY\n", stderr);
		return EXIT_USAGE;
	}
	rc = sign_run(argv[0], c->key, fpr, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_INCOMPLETE;
	}
	printf("signed %s: %s and %s (key %s)\n", argv[0], SIGN_MANIFEST,
	       SIGN_SIGNATURE, fpr);
	return 0;
}

static int cmd_submit(int argc, char **argv, struct cli *c)
{
	char err[1024];
	int rc;

	if (argc < 1 || !c->out || !c->key) {
		fputs("carecert submit: RUN_DIR... --out PACKAGE.tar --key KEY [--pubkey KEY]\n",
		      stderr);
		return EXIT_USAGE;
	}
	rc = package_build(argv, (size_t)argc, c->out, c->key, c->pubkey, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_FAILED : EXIT_INCOMPLETE;
	}
	printf("package: %s (%d runs, sealed; check it with carecert verify %s --pubkey KEY)\n",
	       c->out, argc, c->out);
	return 0;
}

/* carecert verify PACKAGE.tar: the package and every run in it. */
static int verify_package(const char *tar, const struct cli *c)
{
	char err[1024];
	bool ok;
	int rc = package_verify(tar, c->pubkey, stdout, &ok, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_FAILED : EXIT_INCOMPLETE;
	}
	printf("%s: %s\n", tar, ok ? "OK, the package and every run in it as signed"
				    : "VERIFICATION FAILED");
	return ok ? 0 : EXIT_FAILED;
}

static int cmd_verify(int argc, char **argv, struct cli *c)
{
	struct sign_check chk;
	struct stat st;
	char err[512];
	bool ok;
	int rc;

	if (argc != 1) {
		fputs("carecert verify: RUN_DIR|PACKAGE.tar [--pubkey KEY]\n", stderr);
		return EXIT_USAGE;
	}
	if (!stat(argv[0], &st) && S_ISREG(st.st_mode))
		return verify_package(argv[0], c);
	rc = sign_verify(argv[0], c->pubkey, &chk, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_INCOMPLETE;
	}
	for (size_t i = 0; i < chk.nfindings; i++)
		printf("%-8s %s\n", sign_change_name(chk.findings[i].change),
		       chk.findings[i].path);
	if (chk.problem[0])
		printf("%-8s %s\n", chk.bad_file ? "changed" : "key", chk.problem);
	ok = sign_check_ok(&chk);
	if (ok)
		printf("%s: OK, every file as signed; signer key %s (%s)\n", argv[0],
		       chk.fpr,
		       chk.trusted ? "the trusted key" : "not checked: give --pubkey");
	else
		printf("%s: VERIFICATION FAILED\n", argv[0]);
	sign_check_release(&chk);
	return ok ? 0 : EXIT_FAILED;
}

/* One report; 0, or the command's exit status. */
static int report_one(const char *run_dir, struct report_opts *o, struct cli *c)
{
	struct report_files f;
	char err[1024], path[PATH_MAX];
	struct record *r;
	int rc;

	o->run_dir = run_dir;
	rc = report_render(o, &f, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_INCOMPLETE;
	}
	printf("report: %s\n", f.html);
	if (f.pdf[0])
		printf("report: %s\n", f.pdf);
	printf("plots:  %zu (SVG and PDF) in %s/plots\n", f.nplots, c->out ? c->out : run_dir);
	snprintf(path, sizeof(path), "%s/%s", run_dir, RECORD_FILE);
	if ((r = record_load(path, err, sizeof(err)))) {
		note_unfinished(record_json(r), run_dir);
		record_free(r);
	}
	return 0;
}

static int cmd_report(int argc, char **argv, struct cli *c)
{
	struct report_opts o = { .pdf = !c->no_pdf, .lab = c->lab, .out_dir = c->out };
	enum label_lang langs[2] = { LANG_EN, LANG_EN };
	size_t nlangs = 1;
	char err[1024];
	int worst = 0;

	if (argc < 1 || (argc > 1 && c->out)) {
		fputs("carecert report: RUN_DIR... [--lang en|zh|en,zh] [--out DIR (one run)] "
		      "[--lab NAME] [--no-pdf] [--pdf-engine chromium|weasyprint] "
		      "[--pdf-full-max N]\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (c->lang) {
		char *list = strdup(c->lang), *save = NULL;

		nlangs = 0;
		for (char *t = list ? strtok_r(list, ",", &save) : NULL; t;
		     t = strtok_r(NULL, ",", &save)) {
			if (nlangs == 2 || label_lang_parse(t, &langs[nlangs])) {
				fprintf(stderr,
					"carecert report: --lang must be en or zh (or both: en,zh), not '%s'\n",
					c->lang);
				free(list);
				return EXIT_USAGE;
			}
			nlangs++;
		}
		free(list);
		if (!nlangs) {
			fprintf(stderr, "carecert report: --lang must be en or zh (or both: en,zh)\n");
			return EXIT_USAGE;
		}
	}
	if (c->pdf_engine && report_pdf_engine_parse(c->pdf_engine, &o.engine)) {
		fprintf(stderr, "carecert report: --pdf-engine must be chromium or weasyprint, "
				"not '%s'\n",
			c->pdf_engine);
		return EXIT_USAGE;
	}
	if (c->pdf_full_max) {
		char *end = NULL;
		unsigned long long n = strtoull(c->pdf_full_max, &end, 10);

		if (!*c->pdf_full_max || *end || c->pdf_full_max[0] == '-') {
			fprintf(stderr, "carecert report: --pdf-full-max takes a count of cases, "
					"not '%s'\n",
				c->pdf_full_max);
			return EXIT_USAGE;
		}
		o.pdf_full_max = n ? (size_t)n : SIZE_MAX;
	}
	/* one browser prints every report of the command */
	if (o.pdf && o.engine == REPORT_PDF_CHROMIUM &&
	    report_browser_start(&o.browser, err, sizeof(err))) {
		fprintf(stderr, "carecert: chromium: %s\n", err);
		return EXIT_INCOMPLETE;
	}
	for (int i = 0; i < argc; i++)
		for (size_t l = 0; l < nlangs; l++) {
			int rc;

			o.lang = langs[l];
			rc = report_one(argv[i], &o, c);
			if (rc == EXIT_USAGE || (rc && worst != EXIT_USAGE))
				worst = rc;
		}
	report_browser_stop(o.browser);
	return worst;
}

static int cmd_diff(int argc, char **argv, struct cli *c)
{
	double tol = RUNDIFF_DEFAULT_TOLERANCE_PCT;
	struct record *r[2] = { NULL, NULL };
	struct rundiff_counts n;
	char path[PATH_MAX], err[256], *end = NULL;
	int rc = EXIT_USAGE;

	if (argc != 2) {
		fputs("carecert diff: RUN_A RUN_B [--tolerance PCT]\n", stderr);
		return EXIT_USAGE;
	}
	if (c->tolerance) {
		tol = strtod(c->tolerance, &end);
		if (!*c->tolerance || *end || !(tol >= 0)) {
			fprintf(stderr, "carecert diff: --tolerance takes a percentage >= 0, not '%s'\n",
				c->tolerance);
			return EXIT_USAGE;
		}
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[i], RECORD_FILE);
		if (!(r[i] = record_load(path, err, sizeof(err)))) {
			fprintf(stderr, "carecert: %s: %s\n", path, err);
			goto out;
		}
	}
	rc = rundiff_print(record_json(r[0]), record_json(r[1]), argv[0], argv[1], tol, stdout, &n)
		     ? EXIT_INCOMPLETE
		     : n.regressions ? EXIT_FAILED : 0;
out:
	record_free(r[0]);
	record_free(r[1]);
	return rc;
}

static int cmd_store(int argc, char **argv, struct cli *c)
{
	return cmd_store_main(argc, argv, &c->store);
}

static int cmd_serve(int argc, char **argv, struct cli *c)
{
	return cmd_serve_main(argc, argv, &c->store);
}

static int cmd_passwd(int argc, char **argv, struct cli *c)
{
	(void)c;
	return cmd_passwd_main(argc, argv);
}

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *c);
	const char *args;    /* what follows the options, for the usage line */
	const char *summary; /* what it does: a few lines */
	const enum opt_id *opts; /* the options it takes, OPT_NONE-ended
				  * (--help is taken by every command) */
};

#define SELECTION_OPTS OPT_CASE, OPT_TAG, OPT_EXCLUDE_TAG, OPT_RERUN_FAILED

static const enum opt_id validate_opts[] = { OPT_SUITES, OPT_NONE };
static const enum opt_id list_opts[] = { OPT_SUITES, SELECTION_OPTS, OPT_NONE };
static const enum opt_id run_opts[] = { OPT_OUT, OPT_JUNIT, OPT_JUNIT_DIALECT, OPT_SUITES, OPT_FAULT,
					SELECTION_OPTS, OPT_FORCE, OPT_VERBOSE,
					OPT_QUIET, OPT_STORE, OPT_DB, OPT_JOBS, OPT_NONE };
static const enum opt_id report_opts[] = { OPT_LANG, OPT_REPORT_OUT, OPT_LAB, OPT_NO_PDF,
					   OPT_PDF_ENGINE, OPT_PDF_FULL_MAX, OPT_NONE };
static const enum opt_id diff_opts[] = { OPT_TOLERANCE, OPT_NONE };
static const enum opt_id sign_opts[] = { OPT_KEY, OPT_NONE };
static const enum opt_id verify_opts[] = { OPT_PUBKEY, OPT_NONE };
static const enum opt_id junit_opts[] = { OPT_JUNIT_DIALECT, OPT_NONE };
static const enum opt_id submit_opts[] = { OPT_PACKAGE_OUT, OPT_KEY, OPT_PUBKEY, OPT_NONE };
static const enum opt_id no_opts[] = { OPT_NONE };
static const enum opt_id store_opts[] = { OPT_DB, OPT_JSON, OPT_REQUIRE_SEAL, OPT_PUBKEY,
					  OPT_ALLOW_INCOMPLETE, OPT_VENDOR, OPT_MODEL,
					  OPT_SERIAL, OPT_FIRMWARE, OPT_VERDICT, OPT_SINCE,
					  OPT_FILTER_LAB, OPT_CASE_ID, OPT_REQUIREMENT,
					  OPT_LIMIT, OPT_OFFSET, OPT_DAYS, OPT_PLOT, OPT_NONE };
static const enum opt_id serve_opts[] = { OPT_DB, OPT_LISTEN, OPT_TLS_CERT, OPT_TLS_KEY,
					  OPT_IMPORT_TOKENS, OPT_IMPORT_PUBKEY, OPT_ACCOUNTS,
					  OPT_NONE };

static const struct command commands[] = {
	{ .name = "validate", .fn = cmd_validate, .args = "FILE...", .opts = validate_opts,
	  .summary = "Check profiles and suites (a profile with every suite it names):\n"
		     "each problem as file:line:column: message. Exit 0 when all are valid." },
	{ .name = "list", .fn = cmd_list, .args = "PROFILE", .opts = list_opts,
	  .summary = "List the test cases of the profile's suites, which apply to the DUT\n"
		     "and why the others do not; the selection options say which would run." },
	{ .name = "run", .fn = cmd_run, .args = "PROFILE...", .opts = run_opts,
	  .summary = "Run a certification: result.json and traffic.jsonl in the run folder,\n"
		     "one line per case as it finishes (a live status line on a terminal).\n"
		     "Several profiles: each its own run, simulator and link (--jobs N at\n"
		     "once), run folders DIR/<profile name> under --out DIR, a summary table,\n"
		     "and the worst exit status of them all." },
	{ .name = "ports", .fn = cmd_ports, .args = "", .opts = no_opts,
	  .summary = "List serial ports: path, USB VID:PID, serial number, description." },
	{ .name = "coverage", .fn = cmd_coverage, .args = "DIR|FILE...", .opts = no_opts,
	  .summary = "Requirements the suites verify, the cases verifying each, and the\n"
		     "requirements with no case." },
	{ .name = "junit", .fn = cmd_junit, .args = "RUN_DIR FILE", .opts = junit_opts,
	  .summary = "Write JUnit XML for the record in RUN_DIR/result.json (frames the\n"
		     "evidence cites quoted from RUN_DIR's traffic log)." },
	{ .name = "keygen", .fn = cmd_keygen, .args = "KEY", .opts = no_opts,
	  .summary = "New Ed25519 key pair: KEY (private, PEM, mode 0600) and KEY.pub." },
	{ .name = "sign", .fn = cmd_sign, .args = "--key KEY RUN_DIR", .opts = sign_opts,
	  .summary = "Seal a run folder: MANIFEST.sha256 and MANIFEST.sig." },
	{ .name = "verify", .fn = cmd_verify, .args = "RUN_DIR|PACKAGE.tar", .opts = verify_opts,
	  .summary = "Check a sealed folder; names every file changed, added or removed.\n"
		     "A catalogue package (carecert submit): its seal, its index and every\n"
		     "run in it, offline. Exit 0 when everything is as signed, 1 otherwise." },
	{ .name = "submit", .fn = cmd_submit, .args = "RUN_DIR... --out PACKAGE.tar --key KEY",
	  .opts = submit_opts,
	  .summary = "A catalogue submission: sealed, complete run folders with their\n"
		     "report.pdf and report-zh.pdf, an index (DUT identity, standards and\n"
		     "clauses covered, verdicts, hashes), the whole sealed with KEY in one tar\n"
		     "(docs/lab-platform.md). Exit 1 when a run cannot be submitted." },
	{ .name = "report", .fn = cmd_report, .args = "RUN_DIR...", .opts = report_opts,
	  .summary = "Certification report from RUN_DIR/result.json: report.html,\n"
		     "report.pdf and plots/. Several run folders and languages are\n"
		     "rendered in turn with one browser; exit status the worst of them." },
	{ .name = "diff", .fn = cmd_diff, .args = "RUN_A RUN_B", .opts = diff_opts,
	  .summary = "Cases whose verdict changed (regressions first) and measurements\n"
		     "that moved. Exit 1 when RUN_B has a regression." },
	{ .name = "store", .fn = cmd_store, .args = "add|runs|show|history|trend|instruments ...",
	  .opts = store_opts,
	  .summary = "The results store (docs/lab-platform.md):\n"
		     "  store add RUN_DIR...   import run folders: a sealed one is verified first\n"
		     "                         (--require-seal, --pubkey); a run that did not\n"
		     "                         complete is refused unless --allow-incomplete;\n"
		     "                         a run stored before is stored once. Exit 1 if one\n"
		     "                         was refused.\n"
		     "  store runs             runs, newest first (filters below; --json)\n"
		     "  store show RUN         one run and its cases (RUN: 8+ hex digits of its key)\n"
		     "  store history MODEL    each case's verdict per firmware; exit 1 on a\n"
		     "                         regression (--vendor to tell models apart)\n"
		     "  store trend NAME       a measurement (or bias:QUANTITY, sd:QUANTITY of an\n"
		     "                         accuracy evaluation) across runs, oldest first\n"
		     "                         (--model, --vendor; --plot FILE.svg draws it)\n"
		     "  store instruments      reference instruments and calibration due dates" },
	{ .name = "serve", .fn = cmd_serve, .args = "", .opts = serve_opts,
	  .summary = "The results store's web dashboard (read-only, no JavaScript): runs with\n"
		     "filters and paging, a run's cases, a device across firmware, reference\n"
		     "instruments. Plain HTTP on loopback only; --tls-cert/--tls-key for HTTPS.\n"
		     "With --import-tokens and --import-pubkey, benches push sealed packages\n"
		     "(carecert submit) to POST /api/import with a bearer token. With\n"
		     "--accounts every page needs a signed-in lab account." },
	{ .name = "passwd", .fn = cmd_passwd, .args = "FILE USER", .opts = no_opts,
	  .summary = "Add or change a dashboard account in FILE (made mode 0600): the\n"
		     "password is read from the first line of standard input (8 characters\n"
		     "at least) and kept only as a salted scrypt hash." },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static bool command_takes(const struct command *cmd, enum opt_id id)
{
	if (id == OPT_HELP)
		return true;
	for (size_t i = 0; cmd->opts[i] != OPT_NONE; i++)
		if (cmd->opts[i] == id)
			return true;
	return false;
}

static void print_opt(FILE *f, enum opt_id id)
{
	const struct cli_opt *o = &cli_opts[id];
	char head[40];

	snprintf(head, sizeof(head), "%c%c%s--%s%s%s", o->short_name ? '-' : ' ',
		 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
		 o->arg ? " " : "", o->arg ? o->arg : "");
	fprintf(f, "  %-28s %s\n", head, o->help);
}

static void command_help(const struct command *cmd, FILE *f)
{
	fprintf(f, "usage: carecert %s [options]%s%s\n\n%s\n\noptions:\n", cmd->name,
		cmd->args[0] ? " " : "", cmd->args, cmd->summary);
	for (size_t i = 0; cmd->opts[i] != OPT_NONE; i++)
		print_opt(f, cmd->opts[i]);
	print_opt(f, OPT_HELP);
	fputs("\nexit status: 0 success (run: every applicable case passed), 1 a case failed\n"
	      "or was inconclusive, 2 usage or profile error, 3 run not completed, 4 partial\n"
	      "(every case run passed, applicable cases left out), 128+N interrupted by\n"
	      "signal N. See carecert(1).\n", f);
}

/* "--junit=x.xml" or "-j": the option as the user wrote it, for messages. */
static void option_text(const char *arg, char *out, size_t len)
{
	size_t n = strcspn(arg, "=");

	if (arg[0] == '-' && arg[1] != '-' && arg[1])
		n = 2; /* -jx.xml: the option is -j */
	snprintf(out, len, "%.*s", (int)(n < 60 ? n : 60), arg);
}

/* The option of the whole table a user meant, to say which commands take
 * it: a known option refused here reads better than "unknown". */
static enum opt_id option_lookup(const char *text)
{
	for (int id = OPT_NONE + 1; id < OPT_COUNT; id++) {
		const struct cli_opt *o = &cli_opts[id];

		if ((text[0] == '-' && text[1] == '-' && !strcmp(text + 2, o->name)) ||
		    (text[0] == '-' && text[1] && !text[2] && text[1] == o->short_name))
			return (enum opt_id)id;
	}
	return OPT_NONE;
}

static void refuse_option(const struct command *cmd, const char *arg)
{
	char text[64], takers[256] = "";
	enum opt_id id;
	size_t k = 0;

	option_text(arg, text, sizeof(text));
	id = option_lookup(text);
	for (size_t i = 0; id != OPT_NONE && i < NCOMMANDS; i++) {
		bool takes = false;

		for (int o = OPT_NONE + 1; o < OPT_COUNT; o++)
			if (!strcmp(cli_opts[o].name, cli_opts[id].name) &&
			    command_takes(&commands[i], (enum opt_id)o))
				takes = true;
		if (takes && k < sizeof(takers))
			k += (size_t)snprintf(takers + k, sizeof(takers) - k, "%s%s",
					      k ? ", " : "", commands[i].name);
	}
	if (takers[0])
		fprintf(stderr, "carecert %s: %s takes no option '%s' (commands that take it: %s)\n",
			cmd->name, cmd->name, text, takers);
	else
		fprintf(stderr, "carecert %s: unknown option '%s'\n", cmd->name, text);
	fprintf(stderr, "Try 'carecert %s --help'.\n", cmd->name);
}

/* Options of one command: only those it takes. Returns the index of the
 * first argument, -1 after a usage error (printed), or -2 when --help was
 * answered. */
static int parse_options(const struct command *cmd, int argc, char **argv, struct cli *c)
{
	struct option longopts[OPT_COUNT + 1];
	char shortopts[2 * OPT_COUNT + 2] = ":";
	size_t nl = 0, ns = 1;
	int ch;

	memset(longopts, 0, sizeof(longopts));
	for (int id = OPT_NONE + 1; id < OPT_COUNT; id++) {
		const struct cli_opt *o = &cli_opts[id];

		if (!command_takes(cmd, (enum opt_id)id))
			continue;
		longopts[nl++] = (struct option){ .name = o->name,
						  .has_arg = o->arg ? required_argument
								    : no_argument,
						  .val = 256 + id };
		if (o->short_name) {
			shortopts[ns++] = o->short_name;
			if (o->arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = 0;
	c->cmd = cmd->name;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		enum opt_id id = OPT_NONE;

		if (ch >= 256) {
			id = (enum opt_id)(ch - 256);
		} else if (ch == ':') {
			char text[64];

			option_text(argv[optind - 1], text, sizeof(text));
			fprintf(stderr, "carecert %s: option '%s' needs an argument\n"
				"Try 'carecert %s --help'.\n", cmd->name, text, cmd->name);
			return -1;
		} else if (ch == '?' && optopt >= 256) {
			char text[64];

			option_text(argv[optind - 1], text, sizeof(text));
			fprintf(stderr, "carecert %s: option '%s' takes no argument\n"
				"Try 'carecert %s --help'.\n", cmd->name, text, cmd->name);
			return -1;
		} else if (ch == '?') {
			/* optopt: a short option's letter; 0 for a long one
			 * (then argv[optind - 1] holds it) */
			char s[3] = { '-', (char)optopt, 0 };

			refuse_option(cmd, optopt ? s : argv[optind - 1]);
			return -1;
		} else {
			for (int k = OPT_NONE + 1; k < OPT_COUNT && id == OPT_NONE; k++)
				if (cli_opts[k].short_name == ch &&
				    command_takes(cmd, (enum opt_id)k))
					id = (enum opt_id)k;
		}
		switch (id) {
		case OPT_OUT:
		case OPT_REPORT_OUT:
		case OPT_PACKAGE_OUT:
			c->out = optarg;
			break;
		case OPT_JUNIT:
			c->junit = optarg;
			break;
		case OPT_JUNIT_DIALECT:
			c->junit_dialect = optarg;
			break;
		case OPT_SUITES:
			c->suites = optarg;
			break;
		case OPT_FAULT:
			if (strv_push(&c->faults, optarg))
				return -1;
			break;
		case OPT_CASE:
			if (strv_push(&c->only, optarg))
				return -1;
			break;
		case OPT_TAG:
			if (strv_push(&c->tags, optarg))
				return -1;
			break;
		case OPT_EXCLUDE_TAG:
			if (strv_push(&c->exclude_tags, optarg))
				return -1;
			break;
		case OPT_RERUN_FAILED:
			c->rerun_dir = optarg;
			break;
		case OPT_FORCE:
			c->force = true;
			break;
		case OPT_VERBOSE:
			c->verbose = true;
			break;
		case OPT_QUIET:
			c->quiet = true;
			break;
		case OPT_KEY:
			c->key = optarg;
			break;
		case OPT_PUBKEY:
			c->pubkey = optarg;
			c->store.add.pubkey = optarg;
			break;
		case OPT_LANG:
			c->lang = optarg;
			break;
		case OPT_LAB:
			c->lab = optarg;
			break;
		case OPT_NO_PDF:
			c->no_pdf = 1;
			break;
		case OPT_PDF_ENGINE:
			c->pdf_engine = optarg;
			break;
		case OPT_PDF_FULL_MAX:
			c->pdf_full_max = optarg;
			break;
		case OPT_TOLERANCE:
			c->tolerance = optarg;
			break;
		case OPT_DB:
			c->store.db = optarg;
			break;
		case OPT_JSON:
			c->store.json = true;
			break;
		case OPT_REQUIRE_SEAL:
			c->store.add.require_seal = true;
			break;
		case OPT_ALLOW_INCOMPLETE:
			c->store.add.allow_incomplete = true;
			break;
		case OPT_VENDOR:
			c->store.filter.vendor = optarg;
			break;
		case OPT_MODEL:
			c->store.filter.model = optarg;
			break;
		case OPT_SERIAL:
			c->store.filter.serial = optarg;
			break;
		case OPT_FIRMWARE:
			c->store.filter.firmware = optarg;
			break;
		case OPT_VERDICT:
			c->store.filter.verdict = optarg;
			break;
		case OPT_SINCE:
			c->store.filter.since = optarg;
			break;
		case OPT_FILTER_LAB:
			c->store.filter.lab = optarg;
			break;
		case OPT_CASE_ID:
			c->store.filter.case_id = optarg;
			break;
		case OPT_REQUIREMENT:
			c->store.filter.requirement = optarg;
			break;
		case OPT_JOBS:
		case OPT_LIMIT:
		case OPT_OFFSET:
		case OPT_DAYS: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (!*optarg || *end || *optarg == '-' || v > 1000000) {
				fprintf(stderr, "carecert %s: --%s takes a whole number"
					" (0 to 1000000), not '%s'\n",
					cmd->name, cli_opts[id].name, optarg);
				return -1;
			}
			if (id == OPT_JOBS && (v < 1 || v > 64)) {
				fprintf(stderr, "carecert %s: --jobs takes 1 to 64, not '%s'\n",
					cmd->name, optarg);
				return -1;
			}
			if (id == OPT_JOBS)
				c->jobs = (unsigned)v;
			else if (id == OPT_LIMIT)
				c->store.filter.limit = v;
			else if (id == OPT_OFFSET)
				c->store.filter.offset = v;
			else
				c->store.days = (int)v;
			break;
		}
		case OPT_ACCOUNTS:
			c->store.accounts = optarg;
			break;
		case OPT_IMPORT_TOKENS:
			c->store.import_tokens = optarg;
			break;
		case OPT_IMPORT_PUBKEY:
			c->store.import_pubkey = optarg;
			break;
		case OPT_PLOT:
			c->store.plot = optarg;
			break;
		case OPT_STORE:
			c->store_run = true;
			break;
		case OPT_LISTEN:
			c->store.listen = optarg;
			break;
		case OPT_TLS_CERT:
			c->store.tls_cert = optarg;
			break;
		case OPT_TLS_KEY:
			c->store.tls_key = optarg;
			break;
		case OPT_HELP:
			command_help(cmd, stdout);
			return -2;
		default:
			return -1;
		}
	}
	return optind;
}

/* carecert help [COMMAND] */
static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 1) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc > 1 || !(cmd = command_find(argv[0]))) {
		fprintf(stderr, "carecert help: no command '%s'. Try 'carecert --help'.\n",
			argv[0]);
		return EXIT_USAGE;
	}
	command_help(cmd, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	struct cli c = { .store = { .days = 30 } };
	int first, rc = EXIT_USAGE;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return cmd_help(0, NULL);
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 2, argv + 2);
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("carecert %s (git %s)\n", CARECERT_VERSION,
		       CARECERT_GIT_REVISION);
		return 0;
	}
	if (!(cmd = command_find(argv[1]))) {
		fprintf(stderr, "carecert: unknown command '%s'. Try 'carecert --help'.\n",
			argv[1]);
		return EXIT_USAGE;
	}
	first = parse_options(cmd, argc - 1, argv + 1, &c);
	if (first >= 0)
		rc = cmd->fn(argc - 1 - first, argv + 1 + first, &c);
	else if (first == -2)
		rc = 0;
	cli_release(&c);
	return rc;
}
