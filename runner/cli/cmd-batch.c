/* SPDX-License-Identifier: MIT */
/* carecert run PROFILE PROFILE... --jobs N: several benches at once. */
#include "cli/cmd-batch.h"

#include "base/fileio.h"
#include "core/record.h"
#include "report/jtype.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2

/* How bad an exit status is, for "the worst of the runs". */
static int severity(int st)
{
	switch (st) {
	case 0:
		return 0;
	case 4:
		return 1;
	case 1:
		return 2;
	case 3:
		return 3;
	case 2:
		return 4;
	default:
		return 5; /* 128+N: a signal */
	}
}

static const char *meaning(int st)
{
	switch (st) {
	case 0:
		return "passed";
	case 1:
		return "failed";
	case 2:
		return "usage/profile error";
	case 3:
		return "not completed";
	case 4:
		return "partial";
	default:
		return "interrupted";
	}
}

struct job {
	const char *profile;
	char name[128];	    /* the run folder's name: the profile file's */
	char dir[PATH_MAX]; /* its run folder */
	pid_t pid;
	int status;
};

/* "profiles/demo-serial-bp.yaml" -> "demo-serial-bp" */
static void job_name(const char *profile, char *out, size_t len)
{
	const char *b = strrchr(profile, '/') ? strrchr(profile, '/') + 1 : profile;
	size_t n = strcspn(b, ".");

	snprintf(out, len, "%.*s", (int)(n ? n : strlen(b)), b);
	for (char *p = out; *p; p++)
		if (*p == ' ' || (unsigned char)*p < 0x20)
			*p = '_';
}

static pid_t job_start(struct job *j, const char *base, char *const *pass)
{
	char self[PATH_MAX], log[PATH_MAX];
	const char *argv[64];
	size_t k = 0;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;

	if (n <= 0)
		return -1;
	self[n] = 0;
	snprintf(log, sizeof(log), "%s/%s.log", base, j->name);
	argv[k++] = self;
	argv[k++] = "run";
	argv[k++] = j->profile;
	argv[k++] = "--out";
	argv[k++] = j->dir;
	argv[k++] = "--quiet";
	for (size_t i = 0; pass && pass[i] && k < 62; i++)
		argv[k++] = pass[i];
	argv[k] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(self, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void summary(struct job *jobs, size_t n, const char *base)
{
	printf("\n%-32s  %-20s  %-12s  %s\n", "profile", "exit", "verdict", "run folder");
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX + 32], err[256], st[32];
		struct record *r;
		const char *v = NULL;

		snprintf(path, sizeof(path), "%s/%s", jobs[i].dir, RECORD_FILE);
		r = record_load(path, err, sizeof(err));
		if (r)
			v = jt_str(record_json(r), "verdict");
		snprintf(st, sizeof(st), "%d %s", jobs[i].status, meaning(jobs[i].status));
		printf("%-32s  %-20s  %-12s  %s\n", jobs[i].name, st, v ? v : "-", jobs[i].dir);
		record_free(r);
	}
	printf("logs: %s/<profile>.log\n", base);
}

int cmd_run_batch(char *const *profiles, size_t n, const struct batch_opts *o)
{
	struct job *jobs = calloc(n, sizeof(*jobs));
	char base[PATH_MAX];
	size_t next = 0, running = 0;
	int worst = 0;

	if (!jobs)
		return EXIT_USAGE;
	if (o->out) {
		snprintf(base, sizeof(base), "%s", o->out);
	} else {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		snprintf(base, sizeof(base), "reports/out/batch-%s", stamp);
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i].profile = profiles[i];
		job_name(profiles[i], jobs[i].name, sizeof(jobs[i].name));
		snprintf(jobs[i].dir, sizeof(jobs[i].dir), "%s/%s", base, jobs[i].name);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(jobs[k].name, jobs[i].name)) {
				fprintf(stderr, "carecert run: two profiles would share the run folder"
					" %s\n", jobs[i].dir);
				free(jobs);
				return EXIT_USAGE;
			}
	}
	if (mkdir_p(base)) {
		fprintf(stderr, "carecert run: cannot make %s: %s\n", base, strerror(errno));
		free(jobs);
		return EXIT_USAGE;
	}
	printf("carecert: %zu profiles, %u at once -> %s/\n", n, o->jobs, base);
	while (next < n || running) {
		int st;
		pid_t pid;

		if (next < n && running < o->jobs) {
			struct job *j = &jobs[next++];

			j->pid = job_start(j, base, o->pass);
			if (j->pid < 0) {
				j->status = 3;
				continue;
			}
			running++;
			printf("started  %s\n", j->name);
			fflush(stdout);
			continue;
		}
		pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (jobs[i].pid == pid) {
				jobs[i].status = WIFEXITED(st) ? WEXITSTATUS(st)
							       : 128 + WTERMSIG(st);
				jobs[i].pid = 0;
				running--;
				printf("finished %s: exit %d (%s)\n", jobs[i].name, jobs[i].status,
				       meaning(jobs[i].status));
				fflush(stdout);
			}
	}
	summary(jobs, n, base);
	for (size_t i = 0; i < n; i++)
		if (severity(jobs[i].status) > severity(worst))
			worst = jobs[i].status;
	free(jobs);
	return worst;
}
