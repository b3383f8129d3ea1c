/* SPDX-License-Identifier: MIT */
/* carecert store add|runs|show|history|trend|instruments, and carecert serve. */
#include "cli/cmd-store.h"

#include "base/err.h"
#include "base/fileio.h"
#include "dash/auth.h"
#include "dash/serve.h"
#include "report/plot.h"

#include <pthread.h>
#include <signal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_REFUSED 1
#define EXIT_USAGE 2
#define EXIT_STORE 3

const char *store_cli_db(const struct store_cli *o)
{
	const char *env = getenv("CARECERT_DB");

	if (o->db && *o->db)
		return o->db;
	return env && *env ? env : STORE_DEFAULT_DB;
}

/* A cell of a table: device-supplied text, so control bytes become '?'
 * and it is cut at width (0: whole). */
static void cell(const char *s, int width)
{
	int n = 0;

	if (!s)
		s = "-";
	for (; *s && (!width || n < width); s++, n++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
	for (; n < width; n++)
		putchar(' ');
}

static const char *jget(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : NULL;
}

static void print_json(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
}

static int store_add(struct store *s, int argc, char **argv, const struct store_cli *o)
{
	char err[1024];
	int refused = 0;

	if (!argc) {
		fputs("carecert store add: name at least one run folder\n", stderr);
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		struct store_add_result r;
		int rc = store_add_run(s, argv[i], &o->add, &r, err, sizeof(err));

		if (rc == CC_EINVAL) {
			fprintf(stderr, "carecert: refused: %s\n", err);
			refused = 1;
			continue;
		}
		if (rc) {
			fprintf(stderr, "carecert: %s: %s\n", argv[i], err);
			/* what was added before stays, and goes to disk */
			store_sync(s, err, sizeof(err));
			return EXIT_STORE;
		}
		printf("%s %.12s %s (%s%s)\n", r.already ? "already" : "added  ", r.sha256,
		       argv[i], r.verdict, r.sealed ? ", seal verified" : ", not sealed");
	}
	/* each run was committed on its own; one flush makes them all durable:
	 * exit 0 means on disk */
	if (store_sync(s, err, sizeof(err))) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_STORE;
	}
	return refused ? EXIT_REFUSED : 0;
}

static int store_runs_cmd(struct store *s, const struct store_cli *o)
{
	json_object *runs;
	size_t total;
	char err[512];
	int rc = store_runs(s, &o->filter, &runs, &total, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_STORE;
	}
	if (o->json) {
		print_json(runs);
	} else {
		printf("%-12s  %-24s  %-16s  %-14s  %-10s  %-12s  %-7s  %s\n", "run", "start",
		       "vendor", "model", "firmware", "verdict", "pass", "sealed");
		for (size_t i = 0; i < json_object_array_length(runs); i++) {
			json_object *r = json_object_array_get_idx(runs, i);
			char pass[32];

			cell(jget(r, "sha256"), 12);
			fputs("  ", stdout);
			cell(jget(r, "start"), 24);
			fputs("  ", stdout);
			cell(jget(r, "vendor"), 16);
			fputs("  ", stdout);
			cell(jget(r, "model"), 14);
			fputs("  ", stdout);
			cell(jget(r, "firmware"), 10);
			fputs("  ", stdout);
			cell(jget(r, "verdict"), 12);
			snprintf(pass, sizeof(pass), "%s/%s", jget(r, "pass"), jget(r, "total"));
			printf("  %-7s  %s\n", pass,
			       !strcmp(jget(r, "sealed") ? jget(r, "sealed") : "", "true") ? "yes"
											  : "no");
		}
		printf("%zu of %zu runs\n", json_object_array_length(runs), total);
	}
	json_object_put(runs);
	return 0;
}

static int store_show(struct store *s, const char *key, const struct store_cli *o)
{
	json_object *run, *cases;
	char err[512];
	int rc = store_run_get(s, key, &run, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return rc == CC_EIO ? EXIT_STORE : EXIT_USAGE;
	}
	if (o->json) {
		print_json(run);
		json_object_put(run);
		return 0;
	}
	printf("run       %s\ndevice    ", jget(run, "sha256"));
	cell(jget(run, "vendor"), 0);
	putchar(' ');
	cell(jget(run, "model"), 0);
	fputs(", serial ", stdout);
	cell(jget(run, "serial"), 0);
	fputs(", firmware ", stdout);
	cell(jget(run, "firmware"), 0);
	fputs("\nbench     ", stdout);
	cell(jget(run, "host"), 0);
	fputs(", lab ", stdout);
	cell(jget(run, "lab"), 0);
	printf("\ntime      %s .. %s\nstatus    %s, verdict %s, seal %s\n\n", jget(run, "start"),
	       jget(run, "end"), jget(run, "status"), jget(run, "verdict"),
	       jget(run, "seal_fpr") ? jget(run, "seal_fpr") : "none");
	json_object_object_get_ex(run, "cases", &cases);
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		cell(jget(c, "id"), 24);
		fputs("  ", stdout);
		cell(jget(c, "verdict"), 12);
		fputs("  ", stdout);
		cell(jget(c, "reason") ? jget(c, "reason") : "", 0);
		putchar('\n');
	}
	json_object_put(run);
	return 0;
}

static int store_history_cmd(struct store *s, int argc, char **argv, const struct store_cli *o)
{
	json_object *h, *fws, *cases;
	char err[512];
	size_t regressions = 0;
	int rc;

	if (argc != 1) {
		fputs("carecert store history: MODEL [--vendor VENDOR]\n", stderr);
		return EXIT_USAGE;
	}
	if ((rc = store_history(s, o->filter.vendor, argv[0], &h, err, sizeof(err)))) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_STORE;
	}
	json_object_object_get_ex(h, "firmwares", &fws);
	json_object_object_get_ex(h, "cases", &cases);
	for (size_t i = 0; i < json_object_array_length(cases); i++)
		if (jget(json_object_array_get_idx(cases, i), "regression"))
			regressions++;
	if (o->json) {
		print_json(h);
	} else {
		cell("case", 24);
		for (size_t f = 0; f < json_object_array_length(fws); f++) {
			fputs("  ", stdout);
			cell(jget(json_object_array_get_idx(fws, f), "firmware"), 12);
		}
		puts("  regression");
		for (size_t i = 0; i < json_object_array_length(cases); i++) {
			json_object *c = json_object_array_get_idx(cases, i), *v;

			json_object_object_get_ex(c, "verdicts", &v);
			cell(jget(c, "case"), 24);
			for (size_t f = 0; f < json_object_array_length(fws); f++) {
				const char *fw = jget(json_object_array_get_idx(fws, f), "firmware");

				fputs("  ", stdout);
				cell(fw ? jget(v, fw) : NULL, 12);
			}
			fputs("  ", stdout);
			cell(jget(c, "regression") ? jget(c, "regression") : "", 0);
			putchar('\n');
		}
		printf("%zu firmware versions, %zu cases, %zu regressions\n",
		       json_object_array_length(fws), json_object_array_length(cases), regressions);
	}
	json_object_put(h);
	return regressions ? EXIT_REFUSED : 0;
}

static int store_instruments_cmd(struct store *s, const struct store_cli *o)
{
	json_object *arr;
	char err[512];
	int rc = store_instruments(s, o->days, &arr, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_STORE;
	}
	if (o->json) {
		print_json(arr);
	} else {
		printf("%-36s  %-14s  %-12s  %-12s  %-5s  %s\n", "instrument", "model", "serial",
		       "cal. due", "runs", "");
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *r = json_object_array_get_idx(arr, i);

			cell(jget(r, "name"), 36);
			fputs("  ", stdout);
			cell(jget(r, "model"), 14);
			fputs("  ", stdout);
			cell(jget(r, "serial"), 12);
			fputs("  ", stdout);
			cell(jget(r, "calibration_due"), 12);
			printf("  %-5s  %s\n", jget(r, "runs"),
			       !strcmp(jget(r, "due_soon"), "true") ? "DUE SOON" : "");
		}
	}
	json_object_put(arr);
	return 0;
}

/* The trend as a plot: value per run (1 = oldest), limits as lines. */
static int trend_plot(json_object *rows, const char *name, const char *path)
{
	size_t n = json_object_array_length(rows), k = 0;
	double *x = calloc(n + 1, sizeof(double)), *y = calloc(n + 1, sizeof(double));
	struct plot_line lim[2];
	size_t nl = 0;
	struct plot_out out;
	char err[512], ylabel[128], pdf[4096], date[18];
	const char *unit = NULL;
	int rc;

	if (!x || !y) {
		free(x);
		free(y);
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(rows, i), *v;

		if (!json_object_object_get_ex(r, "value", &v) || !v)
			continue;
		x[k] = (double)(i + 1);
		y[k++] = json_object_get_double(v);
		if (!unit)
			unit = jget(r, "unit");
		/* the latest run's limits */
		if (i + 1 == n) {
			if (json_object_object_get_ex(r, "min", &v) && v)
				lim[nl++] = (struct plot_line){ json_object_get_double(v), "min", 1 };
			if (json_object_object_get_ex(r, "max", &v) && v)
				lim[nl++] = (struct plot_line){ json_object_get_double(v), "max", 1 };
		}
	}
	snprintf(ylabel, sizeof(ylabel), "%s (%s)", name, unit ? unit : "");
	plot_out_init(&out);
	plot_pdf_date(NULL, date);
	rc = plot_intervals(&(struct plot_series){ .title = name, .x = x, .y = y, .n = k }, 1, lim,
			    nl,
			    &(struct plot_text){ .title = name, .xlabel = "run (oldest first)",
						 .ylabel = ylabel },
			    date, &out, err, sizeof(err));
	snprintf(pdf, sizeof(pdf), "%.*s.pdf",
		 (int)(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".svg") ? strlen(path) - 4
										   : strlen(path)),
		 path);
	if (!rc)
		rc = atomic_write_file(path, out.svg.data ? (const char *)out.svg.data : "", out.svg.len);
	if (!rc)
		rc = atomic_write_file(pdf, out.pdf.data ? (const char *)out.pdf.data : "", out.pdf.len);
	if (rc)
		fprintf(stderr, "carecert: no plot: %s\n", err[0] ? err : cc_strerror(rc));
	else
		printf("plot: %s, %s\n", path, pdf);
	plot_out_release(&out);
	free(x);
	free(y);
	return rc;
}

static int store_trend_cmd(struct store *s, int argc, char **argv, const struct store_cli *o)
{
	json_object *rows;
	char err[512];
	int rc;

	if (argc != 1) {
		fputs("carecert store trend: NAME (a measurement, or bias:QUANTITY / sd:QUANTITY)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if ((rc = store_trend(s, argv[0], o->filter.vendor, o->filter.model, &rows, err,
			      sizeof(err)))) {
		fprintf(stderr, "carecert: %s\n", err);
		return EXIT_STORE;
	}
	if (o->json) {
		print_json(rows);
	} else {
		printf("%-24s  %-10s  %-12s  %-18s  %-12s  %-8s  %s\n", "start", "firmware", "run",
		       "case", "value", "unit", "verdict");
		for (size_t i = 0; i < json_object_array_length(rows); i++) {
			json_object *r = json_object_array_get_idx(rows, i);

			cell(jget(r, "start"), 24);
			fputs("  ", stdout);
			cell(jget(r, "firmware"), 10);
			fputs("  ", stdout);
			cell(jget(r, "sha256"), 12);
			fputs("  ", stdout);
			cell(jget(r, "case"), 18);
			fputs("  ", stdout);
			{
				json_object *v;
				char num[32] = "-";

				if (json_object_object_get_ex(r, "value", &v) && v)
					snprintf(num, sizeof(num), "%.6g", json_object_get_double(v));
				cell(num, 12);
			}
			fputs("  ", stdout);
			cell(jget(r, "unit"), 8);
			fputs("  ", stdout);
			cell(jget(r, "verdict"), 0);
			putchar('\n');
		}
		printf("%zu values\n", json_object_array_length(rows));
	}
	rc = 0;
	if (o->plot && json_object_array_length(rows))
		rc = trend_plot(rows, argv[0], o->plot) ? EXIT_STORE : 0;
	else if (o->plot)
		fputs("carecert: nothing to plot\n", stderr);
	json_object_put(rows);
	return rc;
}

int cmd_store_main(int argc, char **argv, const struct store_cli *o)
{
	struct store *s;
	char err[512];
	const char *sub;
	int rc;

	if (argc < 1) {
		fputs("carecert store: add|runs|show|history|trend|instruments (carecert store --help)\n",
		      stderr);
		return EXIT_USAGE;
	}
	sub = argv[0];
	if (strcmp(sub, "add") && strcmp(sub, "runs") && strcmp(sub, "show") &&
	    strcmp(sub, "history") && strcmp(sub, "instruments") && strcmp(sub, "trend")) {
		fprintf(stderr, "carecert store: no subcommand '%s' (add, runs, show, history,"
			" trend, instruments)\n", sub);
		return EXIT_USAGE;
	}
	if (!strcmp(sub, "show") && argc != 2) {
		fputs("carecert store show: RUN (its SHA-256, or 8+ hex digits of it)\n", stderr);
		return EXIT_USAGE;
	}
	if ((!strcmp(sub, "runs") || !strcmp(sub, "instruments")) && argc != 1) {
		fprintf(stderr, "carecert store %s: takes no arguments\n", sub);
		return EXIT_USAGE;
	}
	if ((rc = store_open(store_cli_db(o), &s, err, sizeof(err)))) {
		fprintf(stderr, "carecert: cannot open the store: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_STORE;
	}
	if (!strcmp(sub, "add"))
		rc = store_add(s, argc - 1, argv + 1, o);
	else if (!strcmp(sub, "runs"))
		rc = store_runs_cmd(s, o);
	else if (!strcmp(sub, "show"))
		rc = store_show(s, argv[1], o);
	else if (!strcmp(sub, "history"))
		rc = store_history_cmd(s, argc - 1, argv + 1, o);
	else if (!strcmp(sub, "trend"))
		rc = store_trend_cmd(s, argc - 1, argv + 1, o);
	else
		rc = store_instruments_cmd(s, o);
	store_close(s);
	return rc;
}

int cmd_serve_main(int argc, char **argv, const struct store_cli *o)
{
	struct dash_server_opts so = { .listen = o->listen ? o->listen : "127.0.0.1:8080",
				       .tls_cert = o->tls_cert, .tls_key = o->tls_key,
				       .import_tokens = o->import_tokens,
				       .import_pubkey = o->import_pubkey,
				       .accounts = o->accounts };
	struct dash_server *d;
	struct store *s;
	sigset_t set;
	char err[512];
	int rc, sig = 0;

	(void)argv;
	if (argc) {
		fputs("carecert serve: takes no arguments (--db, --listen)\n", stderr);
		return EXIT_USAGE;
	}
	if ((rc = store_open(store_cli_db(o), &s, err, sizeof(err)))) {
		fprintf(stderr, "carecert: cannot open the store: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_STORE;
	}
	/* the server's thread inherits the mask: the signals come here */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((rc = dash_server_start(s, &so, &d, err, sizeof(err)))) {
		fprintf(stderr, "carecert serve: %s\n", err);
		store_close(s);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_STORE;
	}
	printf("serving %s://%.*s:%u/ (store: %s, %s); Ctrl-C stops\n",
	       dash_server_scheme(d), (int)strcspn(so.listen, ":"), so.listen,
	       dash_server_port(d), store_backend(s),
	       so.import_tokens ? "benches may push sealed packages to /api/import" : "read-only");
	if (so.accounts)
		printf("pages need a signed-in lab account (/login)\n");
	fflush(stdout);
	sigwait(&set, &sig);
	dash_server_stop(d);
	store_close(s);
	return 0;
}

int cmd_passwd_main(int argc, char **argv)
{
	char pw[512], err[512];
	size_t n;
	int rc;

	if (argc != 2) {
		fputs("carecert passwd: FILE USER (the password on standard input)\n", stderr);
		return EXIT_USAGE;
	}
	if (!fgets(pw, sizeof(pw), stdin)) {
		fputs("carecert passwd: no password on standard input\n", stderr);
		return EXIT_USAGE;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = 0;
	rc = dash_auth_set_password(argv[0], argv[1], pw, err, sizeof(err));
	memset(pw, 0, sizeof(pw));
	if (rc) {
		fprintf(stderr, "carecert passwd: %s\n", err);
		return rc == CC_EINVAL ? EXIT_USAGE : EXIT_STORE;
	}
	printf("%s: account %s set (scrypt)\n", argv[0], argv[1]);
	return 0;
}
