/* SPDX-License-Identifier: MIT */
/*
 * make bench: `carecert report` (HTML and the PDF through headless
 * Chromium) of the serial demo and of synthetic runs of 1,000 and 10,000
 * cases (1 % failing, 40 clauses), in English and Chinese, beside the
 * targets of issue 15: serial demo <= 1.5 s, 10,000 cases <= 20 s and
 * <= 1 GB peak memory, cost per case linear. `bench BINDIR report` runs
 * only these.
 *
 * Each command is measured from a freshly exec'd process of our own (see
 * bench_measure_helper) that is the child subreaper (PR_SET_CHILD_SUBREAPER): the browser's children, orphaned when
 * carecert kills its group, are reaped there, so the CPU time and the peak
 * RSS of getrusage(RUSAGE_CHILDREN) cover every process of the report,
 * Chromium's renderer included.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"

extern char **environ;

void bench_report(const char *bindir);
int bench_measure_helper(int argc, char **argv);

struct cost {
	double wall, cpu, rss_mb;
	int status;
};

/* The measuring process, exec'd afresh by measure() (`bench --measure FD
 * ARGV...`): a child's peak RSS starts from the memory of the process it
 * was forked from (Linux carries the old image's high-water mark across
 * exec), so the command must be forked from a small process, not from a
 * bench that has loaded 100,000 runs. It is the child subreaper, runs
 * ARGV (stdout to /dev/null), reaps the browser's orphans so that they
 * count, and writes a struct cost to FD. */
int bench_measure_helper(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	struct cost c = {0};
	int64_t t0;
	pid_t pid, w;
	int st, fd = argc > 3 ? atoi(argv[2]) : -1;

	if (fd < 0)
		return 1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = mono_now_ns();
	if (posix_spawn(&pid, argv[3], &fa, NULL, argv + 3, environ))
		return 1;
	waitpid(pid, &st, 0);
	c.wall = (double)(mono_now_ns() - t0) / 1e9;
	c.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	for (int i = 0; i < 400; i++) {
		while ((w = waitpid(-1, &st, WNOHANG)) > 0)
			;
		if (w < 0)
			break;
		usleep(5000);
	}
	getrusage(RUSAGE_CHILDREN, &ru);
	c.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		ru.ru_stime.tv_usec / 1e6;
	c.rss_mb = ru.ru_maxrss / 1024.0;
	return write(fd, &c, sizeof(c)) == sizeof(c) ? 0 : 1;
}

/* Run argv (stdout to /dev/null) and measure it with its descendants,
 * through bench_measure_helper in a process of its own. */
static int measure(char *const argv[], struct cost *out)
{
	char fdarg[16], *hargv[16];
	int fd[2], n = 0;
	pid_t helper;

	memset(out, 0, sizeof(*out));
	if (pipe(fd))
		return -1;
	snprintf(fdarg, sizeof(fdarg), "%d", fd[1]);
	hargv[n++] = "bench";
	hargv[n++] = "--measure";
	hargv[n++] = fdarg;
	for (int i = 0; argv[i] && n < 15; i++)
		hargv[n++] = argv[i];
	hargv[n] = NULL;
	helper = fork();
	if (helper < 0)
		return -1;
	if (helper == 0) {
		close(fd[0]);
		execv("/proc/self/exe", hargv);
		_exit(127);
	}
	close(fd[1]);
	if (read(fd[0], out, sizeof(*out)) != sizeof(*out)) {
		close(fd[0]);
		waitpid(helper, NULL, 0);
		return -1;
	}
	close(fd[0]);
	waitpid(helper, NULL, 0);
	return 0;
}

/* A suite of n trivial cases on the data transport (every 100th fails),
 * its profile, and its run in dir/run<n>. */
static int synthetic_run(const char *exe, const char *dir, long n, char *run, size_t len)
{
	char path[4200], sdir[4200];
	FILE *f;
	struct cost c;

	snprintf(sdir, sizeof(sdir), "%s/s%ld", dir, n);
	mkdir(sdir, 0755);
	snprintf(path, sizeof(path), "%s/many.yaml", sdir);
	if (!(f = fopen(path, "w")))
		return -1;
	fprintf(f, "schema: carecert/suite/1\nid: many\ntitle: Many\nversion: \"1\"\n"
		   "category: blood_pressure\ntransport: data\ncases:\n");
	for (long i = 0; i < n; i++)
		fprintf(f,
			"  - id: MANY-%05ld\n    title: case %ld\n"
			"    requirement: {standard: X/1, clause: \"%ld.%ld\"}\n"
			"    steps: [{store: {name: x, value: \"1\"}}, "
			"{assert: {value: \"${x}\", matches: \"^%d$\"}}]\n",
			i, i, 4 + i % 5, i % 8, i % 100 == 7 ? 2 : 1);
	fclose(f);
	snprintf(path, sizeof(path), "%s/p%ld.yaml", dir, n);
	if (!(f = fopen(path, "w")))
		return -1;
	fprintf(f, "schema: carecert/profile/1\ndut: {category: blood_pressure, vendor: V, "
		   "model: M, firmware: \"1\", serial_number: S}\ntransport: {kind: data}\n"
		   "suites: [many]\nsuites_dir: %s\n", sdir);
	fclose(f);
	snprintf(run, len, "%s/run%ld", dir, n);
	{
		char *argv[] = { (char *)exe, "run", "-q", path, "--out", run, NULL };

		if (measure(argv, &c) || c.status > 1)
			return -1;
	}
	return 0;
}

static void line(const char *what, const char *lang, const struct cost *c, double goal_s,
		 double goal_mb)
{
	printf("  report %-22s %s  wall %6.2f s  CPU %6.2f s  peak RSS %6.0f MB", what, lang,
	       c->wall, c->cpu, c->rss_mb);
	if (goal_s > 0)
		printf("  (target <= %.1f s%s: %s)", goal_s, goal_mb > 0 ? ", <= 1 GB" : "",
		       c->wall <= goal_s && (goal_mb <= 0 || c->rss_mb <= goal_mb) ? "met"
										 : "MISSED");
	printf("%s\n", c->status ? "  (report failed)" : "");
}

void bench_report(const char *bindir)
{
	static const char *const langs[] = { "en", "zh" };
	static const long sizes[] = { 1000, 10000 };
	char dir[] = "/tmp/carecert-bench-report-XXXXXX", exe[4096], run[4300], cmd[4400];
	struct cost c, big[2][2];

	if (!mkdtemp(dir))
		return;
	snprintf(exe, sizeof(exe), "%s/carecert", bindir);
	snprintf(run, sizeof(run), "%s/serial", dir);
	{
		char *argv[] = { exe, "run", "-q", "profiles/demo-serial-bp.yaml", "--out", run, NULL };

		if (measure(argv, &c) || c.status) {
			printf("  report: the serial demo did not run (%d)\n", c.status);
			goto out;
		}
	}
	{
		const char *who = getenv("CARECERT_CHROMIUM");

		printf("  report: PDF printed by %s\n",
		       who && *who ? who
		       : !system("command -v chromium-headless-shell >/dev/null 2>&1")
			   ? "chromium-headless-shell"
			   : "chromium (no chromium-headless-shell: make deps)");
	}
	for (size_t l = 0; l < 2; l++) {
		char *argv[] = { exe, "report", run, "--lang", (char *)langs[l], NULL };

		measure(argv, &c);
		line("serial demo (17 cases)", langs[l], &c, 1.5, 0);
	}
	for (size_t k = 0; k < 2; k++) {
		if (synthetic_run(exe, dir, sizes[k], run, sizeof(run))) {
			printf("  report: the synthetic run of %ld cases failed\n", sizes[k]);
			goto out;
		}
		for (size_t l = 0; l < 2; l++) {
			char *argv[] = { exe, "report", run, "--lang", (char *)langs[l], NULL };
			char what[64];

			measure(argv, &big[k][l]);
			snprintf(what, sizeof(what), "%ld cases (1 %% fail)", sizes[k]);
			line(what, langs[l], &big[k][l], k ? 20 : 0, k ? 1024 : 0);
		}
	}
	for (size_t l = 0; l < 2; l++)
		printf("  report cost per case, 10,000 vs 1,000 (%s)  wall x%.2f, peak RSS x%.2f "
		       "(<= 1.0: no worse than linear)\n",
		       langs[l], (big[1][l].wall / 10000) / (big[0][l].wall / 1000),
		       (big[1][l].rss_mb / 10000) / (big[0][l].rss_mb / 1000));
out:
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}
