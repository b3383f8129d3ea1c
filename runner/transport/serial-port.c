/* SPDX-License-Identifier: MIT */
#include "transport/serial-port.h"
#include "base/err.h"

#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

static const struct {
	int baud;
	speed_t speed;
} bauds[] = {
	{ 1200, B1200 },     { 2400, B2400 },     { 4800, B4800 },
	{ 9600, B9600 },     { 19200, B19200 },   { 38400, B38400 },
	{ 57600, B57600 },   { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 921600, B921600 },
};

int serial_baud_supported(long baud)
{
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i].baud == baud)
			return 1;
	return 0;
}

int serial_termios(const struct serial_settings *s, struct termios *tio)
{
	speed_t speed = 0;

	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i].baud == s->baud)
			speed = bauds[i].speed;
	if (!speed)
		return CC_EINVAL;
	cfmakeraw(tio);
	cfsetispeed(tio, speed);
	cfsetospeed(tio, speed);
	tio->c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CMSPAR | CSTOPB |
				    CRTSCTS);
	tio->c_cflag |= CLOCAL | CREAD;
	tio->c_cflag |= s->data_bits == 5 ? CS5 : s->data_bits == 6 ? CS6
		      : s->data_bits == 7 ? CS7 : CS8;
	if (s->parity != 'N')
		tio->c_cflag |= PARENB;
	if (s->parity == 'O' || s->parity == 'M')
		tio->c_cflag |= PARODD;
	if (s->parity == 'M' || s->parity == 'S')
		tio->c_cflag |= CMSPAR;
	if (s->stop_bits == 2)
		tio->c_cflag |= CSTOPB;
	tio->c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	if (s->flow == FLOW_RTSCTS)
		tio->c_cflag |= CRTSCTS;
	else if (s->flow == FLOW_XONXOFF)
		tio->c_iflag |= IXON | IXOFF;
	tio->c_cc[VMIN] = 0;
	tio->c_cc[VTIME] = 0;
	return CC_OK;
}

int serial_parse_usb_id(const char *s, unsigned *vid, unsigned *pid,
			char *serial, size_t serial_len)
{
	char v[5], p[5];
	int used = 0;

	serial[0] = 0;
	if (strncmp(s, "usb:", 4))
		return CC_EINVAL;
	if (sscanf(s + 4, "%4[0-9a-fA-F]:%4[0-9a-fA-F]%n", v, p, &used) != 2 ||
	    strlen(v) != 4 || strlen(p) != 4)
		return CC_EINVAL;
	s += 4 + used;
	if (*s == ':') {
		if (!s[1] || strlen(s + 1) >= serial_len)
			return CC_EINVAL;
		strcpy(serial, s + 1);
	} else if (*s) {
		return CC_EINVAL;
	}
	*vid = (unsigned)strtoul(v, NULL, 16);
	*pid = (unsigned)strtoul(p, NULL, 16);
	return CC_OK;
}

int serial_find_usb(unsigned vid, unsigned pid, const char *serial,
		    char *path, size_t pathlen, char *err, size_t errlen)
{
	struct sp_port **ports;
	int matches = 0;

	if (sp_list_ports(&ports) != SP_OK) {
		snprintf(err, errlen, "cannot list serial ports");
		return CC_ESYS;
	}
	for (size_t i = 0; ports[i]; i++) {
		int pv, pp;
		const char *sn;

		if (sp_get_port_transport(ports[i]) != SP_TRANSPORT_USB ||
		    sp_get_port_usb_vid_pid(ports[i], &pv, &pp) != SP_OK ||
		    (unsigned)pv != vid || (unsigned)pp != pid)
			continue;
		sn = sp_get_port_usb_serial(ports[i]);
		if (serial[0] && (!sn || strcmp(sn, serial)))
			continue;
		if (!matches++)
			snprintf(path, pathlen, "%s", sp_get_port_name(ports[i]));
	}
	sp_free_port_list(ports);
	if (matches == 1)
		return CC_OK;
	if (!matches) {
		snprintf(err, errlen, "no serial port with USB id %04x:%04x%s%s",
			 vid, pid, serial[0] ? " serial " : "", serial);
		return CC_ENOTFOUND;
	}
	snprintf(err, errlen,
		 "%d serial ports with USB id %04x:%04x: add the serial number (usb:VID:PID:SERIAL)",
		 matches, vid, pid);
	return CC_EINVAL;
}

int serial_list_ports(FILE *out)
{
	struct sp_port **ports;
	int n = 0;

	if (sp_list_ports(&ports) != SP_OK)
		return CC_ESYS;
	for (size_t i = 0; ports[i]; i++, n++) {
		const char *desc = sp_get_port_description(ports[i]);
		const char *sn = NULL;
		char usb[16] = "-";
		int vid, pid;

		if (sp_get_port_transport(ports[i]) == SP_TRANSPORT_USB &&
		    sp_get_port_usb_vid_pid(ports[i], &vid, &pid) == SP_OK) {
			snprintf(usb, sizeof(usb), "%04x:%04x", vid, pid);
			sn = sp_get_port_usb_serial(ports[i]);
		}
		fprintf(out, "%-20s %-10s %-20s %s\n", sp_get_port_name(ports[i]),
			usb, sn ? sn : "-", desc ? desc : "-");
	}
	sp_free_port_list(ports);
	return n;
}
