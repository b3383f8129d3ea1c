/* SPDX-License-Identifier: MIT */
/* posix_openpt, grantpt, unlockpt, ptsname */
#define _XOPEN_SOURCE 700

#include "lib/sim-pty.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int sim_pty_open(int *master, int *slave)
{
	struct termios tio;
	const char *name;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master) || !(name = ptsname(*master)))
		return -1;
	*slave = open(name, O_RDWR | O_NOCTTY);
	if (*slave < 0 || tcgetattr(*slave, &tio))
		return -1;
	cfmakeraw(&tio);
	if (tcsetattr(*slave, TCSANOW, &tio))
		return -1;
	fcntl(*master, F_SETFL, fcntl(*master, F_GETFL) | O_NONBLOCK);
	printf("PTY %s\n", name);
	fflush(stdout);
	return 0;
}

void sim_pty_say(int fd, const char *line)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%s\r\n", line);

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	for (int off = 0; off < n;) {
		ssize_t w = write(fd, buf + off, (size_t)(n - off));

		if (w < 0 && errno == EAGAIN) {
			poll(&(struct pollfd){ .fd = fd, .events = POLLOUT }, 1, 100);
			continue;
		}
		if (w <= 0)
			return;
		off += (int)w;
	}
}

int sim_pty_serve(int master, volatile sig_atomic_t *stop,
		  void (*on_line)(int fd, const char *line, void *data), void *data)
{
	char in[256];
	size_t len = 0;

	while (!*stop) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		ssize_t n;
		char *nl;

		if (poll(&pfd, 1, -1) < 0)
			continue;
		n = read(master, in + len, sizeof(in) - 1 - len);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EIO && errno != EINTR)
				return -1;
			if (n < 0 && errno == EIO)
				usleep(20000); /* nobody on the slave side yet */
			continue;
		}
		len += (size_t)n;
		in[len] = 0;
		while ((nl = strchr(in, '\n'))) {
			*nl = 0;
			if (nl > in && nl[-1] == '\r')
				nl[-1] = 0;
			if (in[0])
				on_line(master, in, data);
			len -= (size_t)(nl + 1 - in);
			memmove(in, nl + 1, len + 1);
		}
		if (len == sizeof(in) - 1)
			len = 0; /* an overlong line: drop it */
	}
	return 0;
}

static volatile sig_atomic_t run_stop;

static void on_run_signal(int sig)
{
	(void)sig;
	run_stop = 1;
}

int sim_pty_run(void (*on_line)(int fd, const char *line, void *data), void *data)
{
	struct sigaction sa = { .sa_handler = on_run_signal };
	int master, slave, rc;

	if (sim_pty_open(&master, &slave)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n", strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	rc = sim_pty_serve(master, &run_stop, on_line, data);
	fprintf(stderr, "sim: stopping\n");
	return rc ? 1 : 0;
}
