/* SPDX-License-Identifier: MIT */
/*
 * carecert: the command line. Each subcommand is one function; only main()
 * exits. Exit status: 0 success / all applicable cases passed, 1 some case
 * failed or was inconclusive, 2 usage or profile/suite error, 3 the run
 * could not be completed (DUT unreachable, test-system error, a write that
 * failed), 4 partial (every case run passed, applicable cases left out),
 * 128+N interrupted by signal N.
 */
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
	"  run PROFILE             run a certification; writes result.json and traffic.jsonl\n"
	"  ports                   list serial ports: path, USB VID:PID, serial number, description\n"
	"  coverage DIR|FILE...    requirements the suites verify, and those with no case\n"
	"  junit RUN_DIR FILE      regenerate JUnit XML from a run's result.json\n"
	"  keygen KEY              new Ed25519 key pair: KEY (private, PEM) and KEY.pub\n"
	"  sign RUN_DIR --key KEY  seal a run folder: MANIFEST.sha256 + MANIFEST.sig\n"
	"  verify RUN_DIR          check a sealed folder; names every changed, added or\n"
	"                          removed file (--pubkey KEY: the signer must be KEY)\n"
	"  report RUN_DIR          certification report from result.json: report.html,\n"
	"                          report.pdf and plots/ (in RUN_DIR, or --out DIR)\n"
	"  diff RUN_A RUN_B        cases whose verdict changed (regressions first) and\n"
	"                          measurements that moved (--tolerance PCT, default 5)\n"
	"\n"
	"run options:\n"
	"  -o, --out DIR           run folder (default: <output.dir>/<model>-<UTC time>)\n"
	"  -j, --junit FILE        also write JUnit XML to FILE\n"
	"  -s, --suites DIR        where suites are found (default: ../suites from the profile)\n"
	"  -f, --fault NAME        simulator fault to inject (repeatable; replaces the profile's)\n"
	"  -c, --case ID           run only this case (repeatable); others are reported skipped\n"
	"  -q, --quiet             no per-case lines\n"
	"\n"
	"report options:\n"
	"  -l, --lang en|zh        language of the labels (default en; zh adds -zh to file names)\n"
	"      --lab NAME          laboratory name for the cover (else the record's lab.name)\n"
	"      --no-pdf            write report.html and the plots only\n"
	"\n"
	"sign/verify options:\n"
	"  -k, --key KEY           private key (PEM) to sign with\n"
	"  -p, --pubkey KEY        public key (PEM) the signer must have\n"
	"\n"
	"  -h, --help              this text      -V, --version   version and git revision\n"
	"\n"
	"exit status: 0 all applicable cases passed, 1 a case failed or was inconclusive,\n"
	"2 usage or profile error, 3 run not completed (DUT unreachable, test-system error,\n"
	"a write that failed), 4 partial (every case run passed, applicable cases left out:\n"
	"no certification verdict), 128+N interrupted by signal N (130: Ctrl-C).\n"
	"See carecert(1).\n";

struct cli {
	const char *out, *junit, *suites, *key, *pubkey, *lang, *lab, *tolerance;
	int no_pdf;
	char **faults, **only;
	int quiet;
};

static int parse_options(int argc, char **argv, struct cli *c)
{
	static const struct option opts[] = {
		{ .name = "out", .has_arg = required_argument, .val = 'o' },
		{ .name = "junit", .has_arg = required_argument, .val = 'j' },
		{ .name = "suites", .has_arg = required_argument, .val = 's' },
		{ .name = "fault", .has_arg = required_argument, .val = 'f' },
		{ .name = "case", .has_arg = required_argument, .val = 'c' },
		{ .name = "quiet", .has_arg = no_argument, .val = 'q' },
		{ .name = "key", .has_arg = required_argument, .val = 'k' },
		{ .name = "pubkey", .has_arg = required_argument, .val = 'p' },
		{ .name = "lang", .has_arg = required_argument, .val = 'l' },
		{ .name = "lab", .has_arg = required_argument, .val = 'L' },
		{ .name = "no-pdf", .has_arg = no_argument, .val = 'P' },
		{ .name = "tolerance", .has_arg = required_argument, .val = 'T' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:j:s:f:c:qk:p:l:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			c->out = optarg;
			break;
		case 'j':
			c->junit = optarg;
			break;
		case 's':
			c->suites = optarg;
			break;
		case 'f':
			if (strv_push(&c->faults, optarg))
				return -1;
			break;
		case 'c':
			if (strv_push(&c->only, optarg))
				return -1;
			break;
		case 'q':
			c->quiet = 1;
			break;
		case 'k':
			c->key = optarg;
			break;
		case 'p':
			c->pubkey = optarg;
			break;
		case 'l':
			c->lang = optarg;
			break;
		case 'L':
			c->lab = optarg;
			break;
		case 'P':
			c->no_pdf = 1;
			break;
		case 'T':
			c->tolerance = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs("Try 'carecert --help'.\n", stderr);
			return -1;
		}
	}
	return optind;
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
	if (plan_build(p, &(struct plan_selection){ .cases = c->only }, &plan, err,
		       sizeof(err))) {
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

static int cmd_run(int argc, char **argv, struct cli *c)
{
	struct engine_opts o = { 0 };
	struct verdict_tally t;
	struct profile *p;
	char out[PATH_MAX], junit[2 * PATH_MAX], err[512] = "";
	int status;

	if (argc != 1) {
		fputs("carecert run: name one profile\n", stderr);
		return EXIT_USAGE;
	}
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
	o.faults = c->faults;
	o.only = c->only;
	o.progress = c->quiet ? NULL : stdout;
	if (!c->quiet)
		printf("carecert %s: %s %s (firmware %s) -> %s\n", CARECERT_VERSION,
		       p->dut.vendor, p->dut.model, p->dut.firmware, out);
	status = engine_run(p, &o, &t, err, sizeof(err));
	if (status == EXIT_USAGE) {
		fprintf(stderr, "carecert: %s\n", err);
	} else {
		if (err[0])
			fprintf(stderr, "carecert: run not completed: %s\n", err);
		/* the same words as the record's summary and verdict */
		printf("%zu cases: %zu pass, %zu fail, %zu inconclusive, %zu error, %zu skipped,"
		       " %zu not run (%zu passed on retry, %zu marginal): %s\n",
		       t.count[VERDICT_PASS] + t.count[VERDICT_FAIL] +
			       t.count[VERDICT_INCONCLUSIVE] + t.count[VERDICT_ERROR] +
			       t.count[VERDICT_SKIPPED] + t.count[VERDICT_NOT_RUN],
		       t.count[VERDICT_PASS], t.count[VERDICT_FAIL],
		       t.count[VERDICT_INCONCLUSIVE], t.count[VERDICT_ERROR],
		       t.count[VERDICT_SKIPPED], t.count[VERDICT_NOT_RUN], t.passed_on_retry,
		       t.marginal, record_overall(&t, err[0] ? "not complete" : "complete"));
		printf("record: %s/%s\n", out, RECORD_FILE);
		if (o.junit_path)
			printf("junit:  %s\n", o.junit_path);
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

static int cmd_junit(int argc, char **argv, struct cli *c)
{
	char path[PATH_MAX], err[256];
	struct record *r;
	int rc;

	(void)c;
	if (argc != 2) {
		fputs("carecert junit: RUN_DIR FILE\n", stderr);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/%s", argv[0], RECORD_FILE);
	if (!(r = record_load(path, err, sizeof(err)))) {
		fprintf(stderr, "carecert: %s: %s\n", path, err);
		return EXIT_USAGE;
	}
	rc = junit_write(record_json(r), argv[1]);
	if (rc)
		fprintf(stderr, "carecert: cannot write %s: %s\n", argv[1],
			cc_strerror(rc));
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

static int cmd_verify(int argc, char **argv, struct cli *c)
{
	struct sign_check chk;
	char err[512];
	bool ok;
	int rc;

	if (argc != 1) {
		fputs("carecert verify: RUN_DIR [--pubkey KEY]\n", stderr);
		return EXIT_USAGE;
	}
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

static int cmd_report(int argc, char **argv, struct cli *c)
{
	struct report_opts o = { .pdf = !c->no_pdf, .lab = c->lab, .out_dir = c->out };
	struct report_files f;
	char err[1024];
	int rc;

	if (argc != 1) {
		fputs("carecert report: RUN_DIR [--lang en|zh] [--out DIR] [--lab NAME] [--no-pdf]\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (c->lang && label_lang_parse(c->lang, &o.lang)) {
		fprintf(stderr, "carecert report: --lang must be en or zh, not '%s'\n", c->lang);
		return EXIT_USAGE;
	}
	o.run_dir = argv[0];
	rc = report_render(&o, &f, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_INCOMPLETE;
	}
	printf("report: %s\n", f.html);
	if (f.pdf[0])
		printf("report: %s\n", f.pdf);
	printf("plots:  %zu (SVG and PDF) in %s/plots\n", f.nplots, c->out ? c->out : argv[0]);
	return 0;
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

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *c);
} commands[] = {
	{ .name = "validate", .fn = cmd_validate },
	{ .name = "list", .fn = cmd_list },
	{ .name = "run", .fn = cmd_run },
	{ .name = "ports", .fn = cmd_ports },
	{ .name = "coverage", .fn = cmd_coverage },
	{ .name = "junit", .fn = cmd_junit },
	{ .name = "keygen", .fn = cmd_keygen },
	{ .name = "sign", .fn = cmd_sign },
	{ .name = "verify", .fn = cmd_verify },
	{ .name = "report", .fn = cmd_report },
	{ .name = "diff", .fn = cmd_diff },
};

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	int first, rc = EXIT_USAGE;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("carecert %s (git %s)\n", CARECERT_VERSION,
		       CARECERT_GIT_REVISION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		first = parse_options(argc - 1, argv + 1, &c);
		if (first >= 0)
			rc = commands[i].fn(argc - 1 - first, argv + 1 + first, &c);
		strv_free(c.faults);
		strv_free(c.only);
		return rc;
	}
	fprintf(stderr, "carecert: unknown command '%s'. Try 'carecert --help'.\n",
		argv[1]);
	return EXIT_USAGE;
}
