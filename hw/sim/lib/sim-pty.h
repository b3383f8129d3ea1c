/* SPDX-License-Identifier: MIT */
/*
 * A pseudo-terminal for the serial simulators: the runner opens the slave
 * side as it would a USB-serial device. sim_pty_open() makes it raw, sets
 * the master non-blocking and prints "PTY <path>" on stdout (the link the
 * runner connects to). The slave fd is kept open so that the pty survives
 * the runner closing and reopening it. Returns 0 or -1 (errno set).
 */
#ifndef CARECERT_SIM_PTY_H
#define CARECERT_SIM_PTY_H

#include <signal.h>

int sim_pty_open(int *master, int *slave);

/* Write one line and CR LF to the master, waiting while the pty is full. */
void sim_pty_say(int fd, const char *line);

/* Serve a line protocol until *stop: each line the host sends (CR LF or LF
 * ended, without it; empty lines skipped, overlong ones dropped) goes to
 * on_line. Returns 0 when stopped, -1 on a read error. */
int sim_pty_serve(int master, volatile sig_atomic_t *stop,
		  void (*on_line)(int fd, const char *line, void *data), void *data);

/* The whole life of a line-protocol instrument: open the pty, serve lines
 * to on_line until SIGTERM or SIGINT. Returns the process's exit status
 * (0, or 1 when the pty cannot be made or read). */
int sim_pty_run(void (*on_line)(int fd, const char *line, void *data), void *data);

#endif
