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

int sim_pty_open(int *master, int *slave);

#endif
