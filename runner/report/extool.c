/* SPDX-License-Identifier: MIT */
#include "report/extool.h"
#include "base/clock.h"
#include "base/err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool extool_exists(const char *prog)
{
	const char *path = getenv("PATH");
	char full[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(full, sizeof(full), "%.*s/%s", (int)n, n ? p : ".",
			 prog);
		if (access(full, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

static void child(const struct extool_job *job, int in, int out, int err,
		  int report)
{
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	for (const char *const *e = job->env; e && *e; e++)
		putenv((char *)*e);
	execvp(job->argv[0], (char *const *)job->argv);
	/* tell the parent that exec failed, and why */
	if (write(report, &errno, sizeof(errno)) < 0)
		_exit(127);
	_exit(127);
}

/* Read what is there into b (NULL: drop it); cap_is_error: overflow is an
 * error (stdout) or silently dropped (stderr). 1 at EOF, 0 more to come. */
static int drain(int fd, struct buf *b, bool cap_is_error, int *rc)
{
	char chunk[8192];
	ssize_t r = read(fd, chunk, sizeof(chunk));

	if (r < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : 1;
	if (r == 0)
		return 1;
	if (b && buf_append(b, chunk, (size_t)r) && cap_is_error && !*rc)
		*rc = CC_ETOOBIG;
	return 0;
}

/* Write to the child with SIGPIPE blocked; a pending one is consumed. */
static ssize_t write_nosig(int fd, const void *p, size_t n)
{
	sigset_t pipe_set, old, pending;
	ssize_t w;
	int saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	w = write(fd, p, n);
	saved = errno;
	if (w < 0 && errno == EPIPE) {
		struct timespec zero = {0};

		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE))
			sigtimedwait(&pipe_set, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return w;
}

/* pipe2() is a GNU extension; the race it closes needs threads we lack */
static int pipe_cloexec(int fds[2])
{
	if (pipe(fds))
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

int extool_run(const struct extool_job *job, int *status)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
	int rep[2] = {-1, -1}, rc = CC_OK, wst, exec_errno = 0;
	int64_t deadline =
	    mono_now_ns() + (int64_t)job->timeout_ms * NSEC_PER_MSEC;
	const char *inp = job->in;
	size_t left = job->in ? job->in_len : 0;
	bool out_open = true, err_open = true;
	pid_t pid;

	*status = -1;
	if (pipe_cloexec(in) || pipe_cloexec(out) || pipe_cloexec(err) ||
	    pipe_cloexec(rep)) {
		rc = CC_ESYS;
		goto close_all;
	}
	pid = fork();
	if (pid < 0) {
		rc = CC_ESYS;
		goto close_all;
	}
	if (pid == 0)
		child(job, in[0], out[1], err[1], rep[1]);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	close(rep[1]);
	in[0] = out[1] = err[1] = rep[1] = -1;
	/* the report pipe closes on a successful exec (CLOEXEC) */
	if (read(rep[0], &exec_errno, sizeof(exec_errno)) ==
	    (ssize_t)sizeof(exec_errno)) {
		waitpid(pid, &wst, 0);
		rc = CC_ENOTFOUND;
		goto close_all;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	if (!left) {
		close(in[1]);
		in[1] = -1;
	}
	while ((out_open || err_open) && !rc) {
		struct pollfd p[3] = {
		    {.fd = in[1], .events = POLLOUT},
		    {.fd = out_open ? out[0] : -1, .events = POLLIN},
		    {.fd = err_open ? err[0] : -1, .events = POLLIN},
		};
		int ms = deadline_to_poll_ms(deadline);

		if (ms == 0) {
			rc = CC_ETIMEDOUT;
			break;
		}
		if (poll(p, 3, ms) < 0 && errno != EINTR) {
			rc = CC_ESYS;
			break;
		}
		if (in[1] >= 0 &&
		    (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write_nosig(in[1], inp, left);

			if (w > 0) {
				inp += w;
				left -= (size_t)w;
			}
			if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
			    !left) {
				close(in[1]); /* EOF: the tool may now finish */
				in[1] = -1;
			}
		}
		if (out_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			out_open = !drain(out[0], job->out, true, &rc);
		if (err_open && (p[2].revents & (POLLIN | POLLHUP | POLLERR)))
			err_open = !drain(err[0], job->errout, false, &rc);
	}
	if (rc)
		kill(pid, SIGKILL);
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	if (!rc)
		*status = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
close_all:
	for (int i = 0; i < 2; i++) {
		int *fds[] = {in, out, err, rep};

		for (int k = 0; k < 4; k++)
			if (fds[k][i] >= 0)
				close(fds[k][i]);
	}
	return rc;
}
