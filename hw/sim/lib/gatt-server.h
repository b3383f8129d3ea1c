/* SPDX-License-Identifier: MIT */
/*
 * A small GATT server for the simulated BLE devices: an attribute table,
 * the ATT requests a client makes (MTU, discovery, read, read blob, write,
 * confirmation), permission and link-security checks, notifications and
 * indications. It serves a SOCK_SEQPACKET Unix socket, one connection at a
 * time; the client's first message names the link's security level.
 *
 * A device model builds the table (gsrv_service, gsrv_char, gsrv_cccd) and
 * reacts to writes and timers through its callbacks. Shared by every
 * carecert-sim-ble-* program; not part of the runner.
 */
#ifndef CARECERT_SIM_GATT_SERVER_H
#define CARECERT_SIM_GATT_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/sim-fault.h"

#define GSRV_MAX_ATTRS 96
#define GSRV_VALUE_MAX 512

enum {
	GSRV_READ = 1 << 0,
	GSRV_WRITE = 1 << 1,
	GSRV_ENCRYPTED = 1 << 2, /* needs security medium or better */
	GSRV_DROP_ON_READ = 1 << 3, /* fault: the link drops when it is read */
};

/* ATT and GATT-database faults every simulated device offers (--fault
 * NAME, beside the device's own): each breaks one rule of Core Vol 3
 * Parts F and G, docs/ble.md names the case that catches it. */
enum {
	GF_CHAR_DISCOVERY_ERROR = 1 << 0, /* Read By Type of 0x2803 past the first service: Unlikely Error */
	GF_ERROR_WRONG_HANDLE = 1 << 1,   /* Read/Write errors name the next handle */
	GF_OVERSIZED_PDU = 1 << 2,        /* Read Response of Model Number longer than ATT_MTU */
	GF_DOUBLE_RESPONSE = 1 << 3,      /* Read Response of Firmware Revision sent twice */
	GF_WRITE_CMD_RESPONSE = 1 << 4,   /* Write Commands answered */
	GF_FIND_BY_TYPE_RANGE = 1 << 5,   /* Find By Type Value gives a group end one short */
	GF_HIDDEN_ATTRIBUTE = 1 << 6,     /* the last service's range leaves out its last attribute */
	GF_DUPLICATE_CCCD = 1 << 7,       /* the first CCCD is doubled */
	GF_CCCD_READS_ZERO = 1 << 8,      /* CCCDs read 0000 whatever was written */
	GF_DIS_INVALID_UTF8 = 1 << 9,     /* Manufacturer Name with bytes that are not UTF-8 */
	GF_ERROR_WRONG_OPCODE = 1 << 10,  /* Read/Write errors name the other request */
	GF_WRONG_RESPONSE = 1 << 11,      /* a Read of Serial Number gets a Read Blob Response */
	GF_VALUE_HANDLE_GAP = 1 << 12,    /* Firmware Revision's value two after its declaration */
	GF_SERVICE_OVERLAP = 1 << 13,     /* the first service's range runs into the second */
	GF_NOTIFY_AFTER_DISABLE = 1 << 14, /* one more notification after a CCCD is disabled */
	GF_NO_SERVICE_CHANGED = 1 << 15,  /* the database changes, no Service Changed indication */
	GF_BOND_CCCD_FORGOTTEN = 1 << 16, /* a bonded reconnect finds every CCCD off */
	GF_SILENT_WALK = 1 << 17,         /* Find Information of 0x0001-0xFFFF gets no response */
};

extern const struct sim_fault gsrv_faults[];
extern const size_t gsrv_nfaults;

struct gsrv;

struct gsrv_attr {
	uint16_t handle;
	uint16_t type;   /* 0x2800, 0x2803, 0x2902 or the characteristic UUID;
			  * 0 for a vendor characteristic's value (type128) */
	uint8_t type128[16]; /* its 128-bit UUID, little-endian, when type is 0 */
	uint8_t value[GSRV_VALUE_MAX];
	size_t len;
	unsigned perm;
	uint16_t end;    /* services: last handle of the group */
	uint8_t props;   /* characteristic values: their properties */
};

struct gsrv_ops {
	/* A client wrote a value (CCCDs included); return 0 or an ATT
	 * error code. The server has already checked permissions. */
	uint8_t (*on_write)(struct gsrv *s, struct gsrv_attr *a, void *data);
	/* A new client connected / the client left. */
	void (*on_connect)(struct gsrv *s, void *data);
	void (*on_disconnect)(struct gsrv *s, void *data);
};

struct gsrv {
	struct gsrv_attr attrs[GSRV_MAX_ATTRS];
	size_t n;
	int listen_fd, fd;
	int security;          /* 1 low .. 4 fips, from the client's LINK message */
	bool secure_all;       /* fault: ignore GSRV_ENCRYPTED */
	unsigned faults;       /* GF_* */
	bool cccd_doubled;     /* GF_DUPLICATE_CCCD done */
	uint16_t mtu;
	bool awaiting_confirm; /* an indication was sent, no confirmation yet */
	/* Simulated bonding (no SMP runs on the simulated link): with
	 * `bonding` the device keeps one bond; a connection whose LINK
	 * message says bond=1 is from the bonded peer. The bond keeps the
	 * CCCD values across connections (Core Vol 3 Part G 3.3.3.3). */
	bool bonding, bonded, have_bond;
	uint8_t bond_cccd[GSRV_MAX_ATTRS][2];
	uint16_t h_sc;         /* Service Changed value handle, 0: none */
	bool db_changed;       /* the Battery service was added */
	char dir[64], path[128];
	const struct gsrv_ops *ops;
	void *data;
};

/* Everything but s->faults (set from the command line before) is reset. */
void gsrv_init(struct gsrv *s, const struct gsrv_ops *ops, void *data);
/* Table building; each returns the handle it added. */
uint16_t gsrv_service(struct gsrv *s, uint16_t uuid);
uint16_t gsrv_char(struct gsrv *s, uint16_t uuid, uint8_t props, unsigned perm,
		   const void *value, size_t len);
uint16_t gsrv_cccd(struct gsrv *s, unsigned perm);
/* The same for vendor 128-bit UUIDs (little-endian, as on the air): a
 * response carries entries of one UUID size, so discovery of a table that
 * mixes both takes more requests, as on a real device. */
uint16_t gsrv_service128(struct gsrv *s, const uint8_t uuid[16]);
uint16_t gsrv_char128(struct gsrv *s, const uint8_t uuid[16], uint8_t props,
		      unsigned perm, const void *value, size_t len);
struct gsrv_attr *gsrv_attr(struct gsrv *s, uint16_t handle);
/* The GATT service (0x1801) with Service Changed (0x2A05, indicate) and
 * its CCCD, for a device that bonds. The database changes once: at the
 * first bonded connection after the bond enabled Service Changed
 * indications, a Battery service (0x180F) is added at the end and its
 * range indicated (GATT 7.1), unless GF_NO_SERVICE_CHANGED. */
void gsrv_add_gatt_service(struct gsrv *s);
/* The CCCD value (0 when none or absent) of a characteristic value handle. */
uint16_t gsrv_cccd_of(struct gsrv *s, uint16_t value_handle);

/* Create the socket, print "UNIX <path>" on stdout. -1 on failure. */
int gsrv_listen(struct gsrv *s);
/* poll() fd: the connection if any, else the listening socket. */
int gsrv_poll_fd(const struct gsrv *s);
/* Accept or serve one PDU, whichever the fd is ready for. */
void gsrv_service_input(struct gsrv *s);
/* Send a notification or indication; false when no client is connected. */
bool gsrv_send_value(struct gsrv *s, uint16_t handle, const void *value,
		     size_t len, bool indicate);
/* Drop the current client (fault: a link lost mid-procedure). */
void gsrv_disconnect(struct gsrv *s);
void gsrv_shutdown(struct gsrv *s);

#endif
