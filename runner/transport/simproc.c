/* SPDX-License-Identifier: MIT */
#include "transport/simproc.h"
#include "base/clock.h"
#include "base/err.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct simproc {
	pid_t pid;
	char path[PATH_MAX];
};

const char *simproc_path(const struct simproc *s)
{
	return s->path;
}

static int is_exec(const char *p)
{
	return access(p, X_OK) == 0;
}

/* Beside our own binary first: a build tree runs its own simulators. */
int simproc_locate(const char *name, char *path, size_t len)
{
	char self[PATH_MAX];
	const char *dir = getenv("CARECERT_SIM_DIR"), *search = getenv("PATH");
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		char *slash;

		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(path, len, "%s/carecert-sim-%s", self, name);
			if (is_exec(path))
				return CC_OK;
		}
	}
	if (dir) {
		snprintf(path, len, "%s/carecert-sim-%s", dir, name);
		if (is_exec(path))
			return CC_OK;
	}
	/* as execvp searches PATH (an empty entry is the current folder) */
	for (const char *p = search; p && *p;) {
		size_t k = strcspn(p, ":");

		snprintf(path, len, "%.*s%scarecert-sim-%s", (int)k, p, k ? "/" : "", name);
		if (is_exec(path))
			return CC_OK;
		p += k + (p[k] == ':');
	}
	snprintf(path, len, "carecert-sim-%s", name);
	return CC_ENOTFOUND;
}

static void find_sim(const char *name, char *path, size_t len)
{
	if (simproc_locate(name, path, len))
		snprintf(path, len, "carecert-sim-%s", name); /* execvp says why */
}

static int read_announcement(int fd, char *link, size_t linklen, char *err,
			     size_t errlen)
{
	int64_t deadline = mono_now_ns() + SIMPROC_START_TIMEOUT_MS * NSEC_PER_MSEC;
	char line[PATH_MAX + 16];
	size_t n = 0;

	while (n < sizeof(line) - 1) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&pfd, 1, deadline_to_poll_ms(deadline)) <= 0) {
			snprintf(err, errlen, "simulator did not announce its link within %d ms",
				 SIMPROC_START_TIMEOUT_MS);
			return CC_ETIMEDOUT;
		}
		r = read(fd, line + n, 1);
		if (r <= 0) {
			snprintf(err, errlen, "simulator exited before announcing its link");
			return CC_ECLOSED;
		}
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = 0;
	if (!strncmp(line, "PTY ", 4) && line[4]) {
		snprintf(link, linklen, "%s", line + 4);
		return CC_OK;
	}
	/* "TCP host:port": a simulator listening for carecert to connect */
	if (!strncmp(line, "TCP ", 4) && line[4]) {
		snprintf(link, linklen, "%s", line + 4);
		return CC_OK;
	}
	if (!strncmp(line, "UNIX ", 5) && line[5]) {
		snprintf(link, linklen, "unix:%s", line + 5);
		return CC_OK;
	}
	/* "HTTP <url> [key=value]...": the URL and the settings a client of
	 * this simulator needs (its test CA, its other ports) */
	if (!strncmp(line, "HTTP ", 5) && (!strncmp(line + 5, "https://", 8) ||
					   !strncmp(line + 5, "http://", 7))) {
		snprintf(link, linklen, "%s", line + 5);
		return CC_OK;
	}
	snprintf(err, errlen,
		 "simulator announced '%s', expected 'PTY <path>', 'UNIX <path>', 'TCP <host:port>' or 'HTTP <url>'",
		 line);
	return CC_EPROTO;
}

int simproc_start(const char *name, char *const args[], const char *stderr_path,
		  char *link, size_t linklen, struct simproc **out, char *err,
		  size_t errlen)
{
	struct simproc *s = calloc(1, sizeof(*s));
	size_t nargs = 0;
	char **argv;
	int pipefd[2], errfd, rc;
	pid_t parent;

	if (!s)
		return CC_ENOMEM;
	find_sim(name, s->path, sizeof(s->path));
	while (args && args[nargs])
		nargs++;
	argv = calloc(nargs + 2, sizeof(*argv));
	if (!argv) {
		free(s);
		return CC_ENOMEM;
	}
	argv[0] = s->path;
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	errfd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (errfd < 0 || pipe(pipefd)) {
		snprintf(err, errlen, "%s: %s", errfd < 0 ? stderr_path : "pipe",
			 strerror(errno));
		if (errfd >= 0)
			close(errfd);
		free(argv);
		free(s);
		return CC_ESYS;
	}
	fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	parent = getpid();
	s->pid = fork();
	if (s->pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		/* no orphans: the simulator dies with the runner, even a
		 * SIGKILLed one (its SIGTERM handler removes its temporary
		 * folder); its own process group, so a terminal's Ctrl-C
		 * reaches only the runner, which stops it in order */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(126);
		setpgid(0, 0);
		dup2(devnull, 0);
		dup2(pipefd[1], 1);
		dup2(errfd, 2);
		execvp(argv[0], argv);
		dprintf(2, "carecert: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	close(errfd);
	free(argv);
	if (s->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pipefd[0]);
		free(s);
		return CC_ESYS;
	}
	rc = read_announcement(pipefd[0], link, linklen, err, errlen);
	close(pipefd[0]);
	if (rc) {
		char path[PATH_MAX];
		int status;

		snprintf(path, sizeof(path), "%s", s->path);
		simproc_stop(s, &status);
		if (status == 127)
			snprintf(err, errlen, "cannot run simulator %s (see %s)",
				 path, stderr_path);
		return rc;
	}
	*out = s;
	return CC_OK;
}

static int wait_exit(pid_t pid, int timeout_ms, int *status)
{
	int64_t deadline = mono_now_ns() + (int64_t)timeout_ms * NSEC_PER_MSEC;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0)
			return -1;
		if (mono_now_ns() >= deadline)
			return 0;
		usleep(5000);
	}
}

void simproc_stop(struct simproc *s, int *status)
{
	int ws = 0, r;

	*status = -1;
	if (!s)
		return;
	r = wait_exit(s->pid, 0, &ws); /* it may have exited by itself */
	if (r == 0) {
		kill(s->pid, SIGTERM);
		r = wait_exit(s->pid, SIMPROC_STOP_TIMEOUT_MS, &ws);
		if (r == 0) {
			kill(s->pid, SIGKILL);
			r = wait_exit(s->pid, SIMPROC_STOP_TIMEOUT_MS, &ws);
		}
	}
	if (r == 1) {
		if (WIFEXITED(ws))
			*status = WEXITSTATUS(ws);
		else if (WIFSIGNALED(ws))
			*status = 128 + WTERMSIG(ws);
	}
	free(s);
}
