/* SPDX-License-Identifier: MIT */
#include "ble/ble-link.h"
#include "base/err.h"

#include <bluetooth/bluetooth.h>
#include <bluetooth/l2cap.h>
#include <ctype.h>
#include <string.h>

#include "ble/att.h"

static const char *const levels[] = {
	[BT_SECURITY_LOW] = "low",
	[BT_SECURITY_MEDIUM] = "medium",
	[BT_SECURITY_HIGH] = "high",
	[BT_SECURITY_FIPS] = "fips",
};

int ble_security_level(const char *name, int *level)
{
	for (int l = BT_SECURITY_LOW; l <= BT_SECURITY_FIPS; l++)
		if (!strcmp(levels[l], name)) {
			*level = l;
			return CC_OK;
		}
	return CC_EINVAL;
}

const char *ble_security_name(int level)
{
	return level >= BT_SECURITY_LOW && level <= BT_SECURITY_FIPS
		       ? levels[level] : "unknown";
}

int ble_addr_valid(const char *a)
{
	if (strlen(a) != 17)
		return 0;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? a[i] != ':' : !isxdigit((unsigned char)a[i]))
			return 0;
	return 1;
}

int ble_peer_addr(const char *addr, const char *type, struct sockaddr_l2 *sa)
{
	memset(sa, 0, sizeof(*sa));
	if (!ble_addr_valid(addr))
		return CC_EINVAL;
	sa->l2_family = AF_BLUETOOTH;
	sa->l2_cid = htobs(ATT_CID);
	str2ba(addr, &sa->l2_bdaddr);
	if (!type || !strcmp(type, "public"))
		sa->l2_bdaddr_type = BDADDR_LE_PUBLIC;
	else if (!strcmp(type, "random"))
		sa->l2_bdaddr_type = BDADDR_LE_RANDOM;
	else
		return CC_EINVAL;
	return CC_OK;
}

void ble_local_addr(struct sockaddr_l2 *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->l2_family = AF_BLUETOOTH;
	sa->l2_cid = htobs(ATT_CID);
	bacpy(&sa->l2_bdaddr, BDADDR_ANY);
	sa->l2_bdaddr_type = BDADDR_LE_PUBLIC;
}

void ble_security_opt(int level, struct bt_security *sec)
{
	memset(sec, 0, sizeof(*sec));
	sec->level = (uint8_t)level;
}
