/* SPDX-License-Identifier: MIT */
/* posix_openpt, grantpt, unlockpt, ptsname */
#define _XOPEN_SOURCE 700

#include "sim-pty.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>

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
