/* SPDX-License-Identifier: MIT */
/*
 * Serial transport: line settings from the profile reach the tty, USB
 * identities parse, and deadlines hold.
 */
#include <check.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "transport/serial-port.h"
#include "transport/transport.h"

/* Linux ptys keep only the speed and raw mode of what is set (they ignore
 * size, parity and stop bits), so the termios built for a real port is
 * checked as a value, and what a pty keeps is checked through it. */
START_TEST(test_termios_built)
{
	struct serial_settings set = { .baud = 9600, .data_bits = 7,
				       .parity = 'E', .stop_bits = 2,
				       .flow = FLOW_RTSCTS };
	struct termios tio;

	memset(&tio, 0, sizeof(tio));
	tio.c_lflag = ICANON | ECHO;
	tio.c_iflag = IXON;
	ck_assert_int_eq(serial_termios(&set, &tio), 0);
	ck_assert_int_eq(cfgetospeed(&tio), B9600);
	ck_assert_int_eq(cfgetispeed(&tio), B9600);
	ck_assert_int_eq(tio.c_cflag & CSIZE, CS7);
	ck_assert(tio.c_cflag & PARENB);
	ck_assert(!(tio.c_cflag & PARODD));
	ck_assert(tio.c_cflag & CSTOPB);
	ck_assert(tio.c_cflag & CRTSCTS);
	ck_assert(!(tio.c_iflag & IXON));
	ck_assert(!(tio.c_lflag & (ICANON | ECHO)));
	ck_assert_int_eq(tio.c_cc[VMIN], 0);
	set.parity = 'M';
	set.flow = FLOW_XONXOFF;
	set.data_bits = 8;
	set.stop_bits = 1;
	ck_assert_int_eq(serial_termios(&set, &tio), 0);
	ck_assert_int_eq(tio.c_cflag & CSIZE, CS8);
	ck_assert(tio.c_cflag & CMSPAR);
	ck_assert(tio.c_cflag & PARODD);
	ck_assert(!(tio.c_cflag & CSTOPB));
	ck_assert(!(tio.c_cflag & CRTSCTS));
	ck_assert(tio.c_iflag & IXON);
	set.baud = 12345;
	ck_assert_int_eq(serial_termios(&set, &tio), CC_EINVAL);
}
END_TEST

START_TEST(test_termios_settings_applied)
{
	const char *keys[] = { "port", "baud", "data_bits", "parity",
			       "stop_bits", "flow_control" };
	const char *vals[] = { NULL, "9600", "7", "even", "2", "rtscts" };
	char name[64], err[256];
	struct transport *t;
	struct termios tio;
	int master, slave;

	ck_assert_int_eq(openpty(&master, &slave, name, NULL, NULL), 0);
	vals[0] = name;
	t = transport_new(transport_find("serial"), keys, vals, 6, NULL);
	ck_assert_msg(transport_open(t, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(tcgetattr(slave, &tio), 0);
	ck_assert_int_eq(cfgetospeed(&tio), B9600);
	ck_assert(!(tio.c_lflag & ICANON)); /* raw */
	ck_assert(strstr(transport_describe(t), " 9600 7E2 flow rtscts"));
	transport_free(t);
	close(master);
	close(slave);
}
END_TEST

START_TEST(test_recv_deadline_and_hangup)
{
	const char *keys[] = { "port" }, *vals[1];
	char name[64], err[256];
	struct transport *t;
	struct buf b;
	int master, slave;
	int64_t t0;

	ck_assert_int_eq(openpty(&master, &slave, name, NULL, NULL), 0);
	vals[0] = name;
	t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_msg(transport_open(t, err, sizeof(err)) == 0, "%s", err);
	buf_init(&b, 64);
	t0 = mono_now_ns();
	ck_assert_int_eq(transport_recv(t, &b, t0 + 120 * NSEC_PER_MSEC, NULL),
			 CC_ETIMEDOUT);
	ck_assert_int_ge(mono_now_ns() - t0, 120 * NSEC_PER_MSEC);
	ck_assert_int_lt(mono_now_ns() - t0, 1000 * NSEC_PER_MSEC);
	ck_assert_int_eq(write(master, "hi", 2), 2);
	ck_assert_int_eq(transport_recv(t, &b, mono_now_ns() + NSEC_PER_SEC, NULL), 0);
	ck_assert_str_eq(buf_str(&b), "hi");
	close(master);
	ck_assert_int_eq(transport_recv(t, &b, mono_now_ns() + NSEC_PER_SEC, NULL),
			 CC_ECLOSED);
	buf_release(&b);
	transport_free(t);
	close(slave);
}
END_TEST

START_TEST(test_open_errors)
{
	const char *keys[] = { "port" }, *vals[] = { "/nonexistent/tty" };
	char err[256];
	struct transport *t;

	t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_int_eq(transport_open(t, err, sizeof(err)), CC_ENOTFOUND);
	ck_assert(strstr(err, "/nonexistent/tty"));
	ck_assert(!transport_is_open(t));
	ck_assert_int_eq(transport_send(t, (const uint8_t *)"x", 1, NULL), CC_ECLOSED);
	transport_free(t);
	vals[0] = "/dev/null"; /* exists, but is no terminal */
	t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_int_eq(transport_open(t, err, sizeof(err)), CC_EINVAL);
	ck_assert(strstr(err, "not a serial port"));
	transport_free(t);
}
END_TEST

START_TEST(test_usb_identity)
{
	unsigned vid, pid;
	char sn[32], path[64], err[256];

	ck_assert_int_eq(serial_parse_usb_id("usb:0403:6001", &vid, &pid, sn, sizeof(sn)), 0);
	ck_assert_uint_eq(vid, 0x0403);
	ck_assert_uint_eq(pid, 0x6001);
	ck_assert_str_eq(sn, "");
	ck_assert_int_eq(serial_parse_usb_id("usb:10c4:EA60:A1B2C3", &vid, &pid, sn,
					     sizeof(sn)), 0);
	ck_assert_uint_eq(pid, 0xEA60);
	ck_assert_str_eq(sn, "A1B2C3");
	ck_assert_int_eq(serial_parse_usb_id("usb:403:6001", &vid, &pid, sn, sizeof(sn)),
			 CC_EINVAL);
	ck_assert_int_eq(serial_parse_usb_id("usb:0403:6001:", &vid, &pid, sn, sizeof(sn)),
			 CC_EINVAL);
	ck_assert_int_eq(serial_parse_usb_id("usb:0403-6001", &vid, &pid, sn, sizeof(sn)),
			 CC_EINVAL);
	ck_assert_int_eq(serial_parse_usb_id("/dev/ttyUSB0", &vid, &pid, sn, sizeof(sn)),
			 CC_EINVAL);
	/* no such device on this machine */
	ck_assert_int_eq(serial_find_usb(0xFFFF, 0xFFFE, "", path, sizeof(path), err,
					 sizeof(err)), CC_ENOTFOUND);
	ck_assert(strstr(err, "ffff:fffe"));
}
END_TEST

START_TEST(test_param_checks)
{
	const struct transport_ops *ops = transport_find("serial");
	char err[256];

	ck_assert_ptr_nonnull(ops);
	ck_assert_ptr_null(transport_find("carrier-pigeon"));
	ck_assert_int_eq(ops->check_param("baud", "115200", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("baud", "115201", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("data_bits", "9", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("parity", "sometimes", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("stop_bits", "1.5", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("flow_control", "dtrdsr", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("port", "usb:zz:01", err, sizeof(err)), CC_EINVAL);
}
END_TEST

Suite *suite_serial(void)
{
	Suite *s = suite_create("serial");
	TCase *tc = tcase_create("serial");

	tcase_add_test(tc, test_termios_built);
	tcase_add_test(tc, test_termios_settings_applied);
	tcase_add_test(tc, test_recv_deadline_and_hangup);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_usb_identity);
	tcase_add_test(tc, test_param_checks);
	suite_add_tcase(s, tc);
	return s;
}
