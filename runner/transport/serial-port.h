/* SPDX-License-Identifier: MIT */
/*
 * Serial port discovery and settings (libserialport), shared by the serial
 * transport and `carecert ports`.
 */
#ifndef CARECERT_SERIAL_PORT_H
#define CARECERT_SERIAL_PORT_H

#include <stddef.h>
#include <stdio.h>

struct serial_settings {
	int baud;
	int data_bits; /* 5..8 */
	char parity;   /* 'N', 'O', 'E', 'M', 'S' */
	int stop_bits; /* 1 or 2 */
	enum { FLOW_NONE, FLOW_RTSCTS, FLOW_XONXOFF, FLOW_DTRDSR } flow;
};

struct termios;

/* Fill tio for raw binary I/O with these settings (speed, size, parity,
 * stop bits, flow control; VMIN = VTIME = 0). Pure: no fd is touched, so
 * it can be tested where ptys ignore hardware flags. CC_EINVAL for a baud
 * rate termios cannot express. */
int serial_termios(const struct serial_settings *s, struct termios *tio);
int serial_baud_supported(long baud);

/* Parse "usb:VID:PID[:SERIAL]" (hex VID/PID). CC_OK or CC_EINVAL. */
int serial_parse_usb_id(const char *s, unsigned *vid, unsigned *pid,
			char *serial, size_t serial_len);

/* Find the port path of a USB device by identity. CC_ENOTFOUND when no
 * attached port matches; CC_EINVAL when several do and no serial number
 * tells them apart. */
int serial_find_usb(unsigned vid, unsigned pid, const char *serial,
		    char *path, size_t pathlen, char *err, size_t errlen);

/* Print the machine's serial ports, one per line: path, USB VID:PID,
 * serial number, description. Returns the number of ports, or < 0. */
int serial_list_ports(FILE *out);

#endif
