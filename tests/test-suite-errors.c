/* SPDX-License-Identifier: MIT */
/*
 * Invalid suites and profiles, one kind of mistake each: the loader names
 * it, returns NULL, and frees every string it had taken on the way (the
 * ASan pass of `make check` runs with leak detection, so a string left
 * behind on an error path fails the test it leaked in). Also: the lookups
 * by name stay right when the suite is large (the loader indexes them by
 * hash).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "core/profile.h"
#include "core/suite.h"
#include "testutil.h"

struct bad_suite {
	const char *transport; /* the suite's (default serial) */
	const char *top;       /* more top-level sections, each line complete */
	const char *steps;     /* the one case's steps, 6 spaces in */
	const char *cases;     /* or the whole cases: section instead */
	const char *message;   /* in one of the errors */
};

#define STEP(s) "      - " s "\n"

static const struct bad_suite table[] = {
	/* the file and its top level */
	{ .top = "schema2: x\n", .steps = STEP("delay: 1 ms"), .message = "unknown key 'schema2'" },
	{ .top = "links: {gw: {transport: carrier-pigeon}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "unknown transport kind 'carrier-pigeon'" },
	{ .top = "links: {\"g w\": {transport: http, title: t}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "bad link id 'g w'" },
	{ .top = "links: {gw: {title: no transport}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "missing required key 'transport'" },
	{ .top = "links: [gw]\n", .steps = STEP("delay: 1 ms"), .message = "links must be a mapping" },
	/* features and limits */
	{ .top = "features: {9lives: a cat}\n", .steps = STEP("delay: 1 ms"),
	  .message = "feature name '9lives'" },
	{ .top = "features: {f2: [not, text]}\n", .steps = STEP("delay: 1 ms"),
	  .message = "feature description must be a scalar" },
	{ .top = "features: [f2]\n", .steps = STEP("delay: 1 ms"), .message = "features must be a mapping" },
	{ .top = "limits: {bad-name: 5 ms}\n", .steps = STEP("delay: 1 ms"),
	  .message = "limit name 'bad-name'" },
	{ .top = "limits: {l2: 5 parsecs}\n", .steps = STEP("delay: 1 ms"), .message = "limit l2:" },
	{ .top = "limits: {l2: [1, two]}\n", .steps = STEP("delay: 1 ms"),
	  .message = "limit l2: a table of numbers only" },
	{ .top = "limits: {l2: {a: 1}}\n", .steps = STEP("delay: 1 ms"), .message = "l2 must be a scalar" },
	/* line and frame formats */
	{ .top = "line: {prefix: \"$$$$$$$$$$$$$$$$$$$$$$\"}\n", .steps = STEP("delay: 1 ms"),
	  .message = "prefix longer than" },
	{ .top = "line: {terminator: \"\\r\\n\\r\\n\\r\\n\\r\\n\\r\\n\"}\n", .steps = STEP("delay: 1 ms"),
	  .message = "terminator must be 1 to" },
	{ .top = "line: {checksum: md5, separator: \"*\"}\n", .steps = STEP("delay: 1 ms"),
	  .message = "unknown checksum 'md5'" },
	{ .top = "line: {checksum: xor8, separator: \"**\"}\n", .steps = STEP("delay: 1 ms"),
	  .message = "separator must be one character" },
	{ .top = "line: {checksum: xor8}\n", .steps = STEP("delay: 1 ms"),
	  .message = "a line checksum needs a 'separator'" },
	{ .top = "line: {max_length: 2}\n", .steps = STEP("delay: 1 ms"), .message = "max_length must be between" },
	{ .top = "frames: {r: {header: \"ZZ\", length: {offset: 1}}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "header must be up to 8 hex bytes" },
	{ .top = "frames: {r: {header: \"A5\"}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "missing required key 'length'" },
	{ .top = "frames: {r: {length: {offset: 1, size: 3}}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "length size must be 1, 2 or 4" },
	{ .top = "frames: {r: {length: {offset: 1, endian: middle}}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "endian must be big or little" },
	{ .top = "frames: {r: {length: {offset: 1}, checksum: {algorithm: crc99}}}\n",
	  .steps = STEP("delay: 1 ms"), .message = "unknown checksum 'crc99'" },
	{ .top = "frames: {r: {length: {offset: 1}, checksum: {from: 2}}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "missing required key 'algorithm'" },
	{ .top = "frames: {r: {length: {offset: 1}, fields: [{name: 1x, offset: 0, type: u8}]}}\n",
	  .steps = STEP("delay: 1 ms"), .message = "field name '1x'" },
	{ .top = "frames: {r: {length: {offset: 1}, fields: [{name: x, offset: 0, type: u128}]}}\n",
	  .steps = STEP("delay: 1 ms"), .message = "unknown field type 'u128'" },
	{ .top = "frames: {r: {length: {offset: 1}, fields: [{name: x, type: u8}]}}\n",
	  .steps = STEP("delay: 1 ms"), .message = "missing required key 'offset'" },
	{ .top = "frames: {r: {length: {offset: 1}, fields: [x]}}\n", .steps = STEP("delay: 1 ms"),
	  .message = "a field must be a mapping" },
	/* the requirement catalogue: an entry that is not kept frees what it had */
	{ .top = "requirements:\n  - {standard: SBP/1, title: no clause}\n", .steps = STEP("delay: 1 ms"),
	  .message = "missing required key 'clause'" },
	{ .top = "requirements:\n  - {clause: \"4.1\", title: no standard}\n", .steps = STEP("delay: 1 ms"),
	  .message = "missing required key 'standard'" },
	{ .top = "requirements:\n  - {standard: S, clause: \"1\", title: [x]}\n", .steps = STEP("delay: 1 ms"),
	  .message = "title must be a scalar" },
	{ .top = "requirements:\n  - {standard: S, clause: \"1\", note: x}\n", .steps = STEP("delay: 1 ms"),
	  .message = "unknown key 'note'" },
	{ .top = "requirements:\n  - just text\n", .steps = STEP("delay: 1 ms"),
	  .message = "a requirement must be a mapping" },
	/* cases */
	{ .cases = "cases: []\n", .message = "a suite needs at least one case" },
	{ .cases = "cases: {C-1: x}\n", .message = "cases must be a sequence" },
	{ .cases = "cases:\n  - id: \"C 1\"\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "case id 'C 1' may only use" },
	{ .cases = "cases:\n  - id: C-1\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "missing required key 'title'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    steps: [{delay: 1 ms}]\n",
	  .message = "missing required key 'requirement'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: 4.1\n    steps: [{delay: 1 ms}]\n",
	  .message = "requirement must be {standard: ..., clause: ...}" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S}\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "missing required key 'clause'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n"
		   "    requirements: [{standard: S, clause: \"1\"}, {clause: \"2\"}]\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "missing required key 'standard'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\", title: x}\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "unknown key 'title'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    requires: [f1, nope]\n    steps: [{delay: 1 ms}]\n",
	  .message = "requires feature 'nope'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    timeout: soon\n    steps: [{delay: 1 ms}]\n",
	  .message = "timeout:" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    retries: 11\n    steps: [{delay: 1 ms}]\n",
	  .message = "retries must be between 0 and 10" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n",
	  .message = "missing required key 'steps'" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    steps: []\n",
	  .message = "steps must not be empty" },
	{ .cases = "cases:\n  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    steps: [{delay: 1 ms}]\n    cleanup: [{teleport: x}]\n",
	  .message = "unknown step 'teleport'" },
	{ .cases = "cases:\n  - id: C-1\n    title: a\n    requirement: {standard: S, clause: \"1\"}\n"
		   "    steps: [{delay: 1 ms}]\n"
		   "  - id: C-1\n    title: b\n    requirement: {standard: S, clause: \"2\"}\n"
		   "    steps: [{delay: 1 ms}]\n",
	  .message = "duplicate case id 'C-1' (first at line 9)" },
	/* steps of the core */
	{ .steps = STEP("delay: 1 ms\n        silence: 1 ms"), .message = "a step is a mapping with one key" },
	{ .steps = STEP("teleport: {to: mars}"), .message = "unknown step 'teleport'" },
	{ .steps = STEP("delay: soon"), .message = "delay:" },
	{ .steps = STEP("send: {line: A, text: B}"), .message = "send needs exactly one of line, text, hex" },
	{ .steps = STEP("send: {line: A, text: B, hex: \"01\"}"),
	  .message = "send needs exactly one of line, text, hex" },
	{ .steps = STEP("send: {line: \"${unclosed\"}"), .message = "unterminated ${" },
	{ .steps = STEP("send: {line: \"${}\"}"), .message = "bad variable reference" },
	{ .steps = STEP("send: {line: \"${limit.nope}\"}"), .message = "unknown limit 'nope'" },
	{ .steps = STEP("send: {line: \"${link.nope.url}\"}"), .message = "names no link the suite declares" },
	{ .steps = STEP("expect: {line: A, text: B}"), .message = "expect needs exactly one of line, text, frame" },
	{ .steps = STEP("expect: {line: '^(unclosed'}"), .message = "bad regular expression" },
	{ .steps = STEP("expect: {line: '^A$', capture: [a, b]}"),
	  .message = "2 capture names but the pattern has 0 groups" },
	{ .steps = STEP("expect: {line: '^(A)$', skip: '(', within: 1 s}"), .message = "bad regular expression '('" },
	{ .steps = STEP("expect: {line: '^(A)$', capture: {a: 1}}"),
	  .message = "capture must be a scalar or a sequence of scalars" },
	{ .steps = STEP("expect: {frame: nope}"), .message = "unknown frame format 'nope'" },
	{ .top = "frames: {r: {length: {offset: 1}}}\n", .steps = STEP("expect: {frame: r, capture: [a]}"),
	  .message = "frame expectations capture their fields" },
	{ .steps = STEP("expect: {line: '^A$', within: later}"), .message = "within:" },
	{ .steps = STEP("assert: {value: x}"), .message = "assert needs a check" },
	{ .steps = STEP("assert: {equals: x}"), .message = "missing required key 'value'" },
	{ .steps = STEP("assert: {value: x, equals: y, marginal: 1}"), .message = "marginal needs min or max" },
	{ .steps = STEP("assert: {value: x, max: 1, in_unit: furlong}"), .message = "unknown unit 'furlong'" },
	{ .steps = STEP("assert: {value: x, max: 1, unit: furlong}"), .message = "unknown unit 'furlong'" },
	{ .steps = STEP("assert: {value: x, matches: '('}"), .message = "bad regular expression" },
	{ .steps = STEP("assert: {value: x, one_of: [a, [b]]}"), .message = "one_of must be a scalar" },
	{ .steps = STEP("assert: {value: x, equals: y, when: x is y}"), .message = "condition 'x is y'" },
	{ .steps = STEP("store: {name: 1v, value: x}"), .message = "variable name '1v'" },
	{ .steps = STEP("store: {value: x}"), .message = "missing required key 'name'" },
	{ .steps = STEP("store: {name: v, value: x, scope: galaxy}"), .message = "scope must be case or run" },
	{ .steps = STEP("repeat: {steps: [{delay: 1 ms}]}"), .message = "repeat needs count or until" },
	{ .steps = STEP("repeat: {count: 100001, steps: [{delay: 1 ms}]}"), .message = "count must be between" },
	{ .steps = STEP("repeat: {count: 2}"), .message = "missing required key 'steps'" },
	{ .steps = STEP("repeat: {until: done, steps: [{delay: 1 ms}]}"), .message = "condition 'done'" },
	{ .steps = STEP("repeat: {count: 1, steps: [{repeat: {count: 1, steps: [{repeat: {count: 1, steps: "
			"[{repeat: {count: 1, steps: [{repeat: {count: 1, steps: [{repeat: {count: 1, steps: "
			"[{repeat: {count: 1, steps: [{repeat: {count: 1, steps: [{repeat: {count: 1, steps: "
			"[{send: {line: A}}]}}]}}]}}]}}]}}]}}]}}]}}]}"),
	  .message = "repeat nested too deep" },
	{ .steps = STEP("append: {list: 1l, value: x}"), .message = "list must be letters, digits and _" },
	{ .steps = STEP("append: {value: x}"), .message = "missing required key 'list'" },
	{ .steps = STEP("on: {link: nope, steps: [{send: {line: A}}]}"), .message = "unknown link 'nope'" },
	{ .steps = STEP("on: {steps: [{send: {line: A}}]}"), .message = "missing required key 'link'" },
	/* GATT steps */
	{ .steps = STEP("gatt_read: {uuid: 2A35}"), .message = "gatt_read steps need a ble link" },
	{ .transport = "ble", .steps = STEP("gatt_read: {uuid: 2A3}"), .message = "uuid '2A3' must be 4 hex digits" },
	{ .transport = "ble", .steps = STEP("gatt_read: {capture: m}"), .message = "missing required key 'uuid'" },
	{ .transport = "ble", .steps = STEP("gatt_read: {uuid: 2A35, capture: 1m}"),
	  .message = "capture must be letters, digits and _" },
	{ .transport = "ble", .steps = STEP("gatt_read: {uuid: 2A35, expect_error: [no_such_error]}"),
	  .message = "unknown ATT error 'no_such_error'" },
	{ .transport = "ble",
	  .steps = STEP("gatt_read: {uuid: 2A35, expect_error: [out_of_range, out_of_range, out_of_range, "
			"out_of_range, out_of_range]}"),
	  .message = "at most 4 expected errors" },
	{ .transport = "ble", .steps = STEP("gatt_discover: {all: true}"), .message = "unknown key 'all'" },
	{ .transport = "ble", .steps = STEP("gatt_service: {uuid: \"1810\", characteristics: [{uuid: 2A35, "
					     "properties: [fly]}]}"),
	  .message = "unknown property 'fly'" },
	{ .transport = "ble", .steps = STEP("gatt_service: {uuid: \"1810\", characteristics: [{uuid: 2A35, "
					     "cccd: maybe}]}"),
	  .message = "cccd must be true or false" },
	{ .transport = "ble", .steps = STEP("gatt_service: {uuid: \"1810\", characteristics: [{properties: "
					     "[read]}]}"),
	  .message = "missing required key 'uuid'" },
	{ .transport = "ble", .steps = STEP("gatt_write: {uuid: 2A52}"), .message = "missing required key 'hex'" },
	{ .transport = "ble", .steps = STEP("gatt_write: {uuid: 2A52, hex: \"01\", response: sometimes}"),
	  .message = "response must be true or false" },
	{ .transport = "ble", .steps = STEP("gatt_subscribe: {uuid: 2A35, mode: shout}"),
	  .message = "mode must be notify, indicate or off" },
	{ .transport = "ble", .steps = STEP("gatt_expect: {uuid: 2A35, kind: rumour}"),
	  .message = "kind must be notification or indication" },
	{ .transport = "ble", .steps = STEP("gatt_expect: {uuid: 2A35, confirm: perhaps}"),
	  .message = "confirm must be true or false" },
	{ .transport = "ble", .steps = STEP("gatt_silence: {uuid: 2A35}"), .message = "gatt_silence needs 'for'" },
	{ .transport = "ble", .steps = STEP("gatt_collect: {uuid: 2A18, count: 5}"),
	  .message = "gatt_collect needs 'within'" },
	{ .transport = "ble", .steps = STEP("gatt_collect: {uuid: 2A18, count: 0, within: 1 s, capture: all}"),
	  .message = "count must be between 1 and 1000" },
	{ .transport = "ble", .steps = STEP("gatt_collect: {uuid: 2A18, until: 52, within: 1 s}"),
	  .message = "uuid '52' must be 4 hex digits" },
	{ .transport = "ble", .steps = STEP("gatt_collect: {uuid: 2A37, context: 2A34, within: 1 s}"),
	  .message = "values of 2A37 announce no context 2A34" },
	{ .transport = "ble", .steps = STEP("link: {security: paranoid}"),
	  .message = "security must be low, medium, high or fips" },
	/* HTTP steps */
	{ .steps = STEP("http_request: {path: /x}"), .message = "http_request steps need an http link" },
	{ .transport = "http", .steps = STEP("http_request: {method: BREW, path: /pot}"),
	  .message = "unknown method 'BREW'" },
	{ .transport = "http", .steps = STEP("http_request: {method: GET}"), .message = "needs path" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, url: \"http://x/a\"}"),
	  .message = "needs path" },
	{ .transport = "http", .steps = STEP("http_request: {path: a}"), .message = "path must start with '/'" },
	{ .transport = "http", .steps = STEP("http_request: {url: \"ftp://x\"}"),
	  .message = "url must be an http:// or https:// URL" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, headers: {\"Bad Name\": x}}"),
	  .message = "header or field name 'Bad Name' has a bad character" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, auth: {bearer: t, user: u}}"),
	  .message = "auth needs either bearer, or user" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, auth: {bearer: t, password: p}}"),
	  .message = "auth password needs a user" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, tls: {min: \"1.3\", max: \"1.0\"}}"),
	  .message = "tls max is below tls min" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, tls: {min: \"2.0\"}}"),
	  .message = "TLS version must be 1.0, 1.1, 1.2 or 1.3" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, body: x, json: '{}'}"),
	  .message = "at most one of body, json, form, body_file, fill" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, json: '{not json'}"),
	  .message = "json is not valid JSON" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, form: {\"a:b\": x}}"),
	  .message = "has a bad character" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, body_file: no-such-file.json}"),
	  .message = "body_file 'no-such-file.json' cannot be read" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, fill: 0}"), .message = "fill must be between" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, expect_outcome: [maybe]}"),
	  .message = "unknown outcome 'maybe'" },
	{ .transport = "http", .steps = STEP("http_request: {path: /a, capture: 1r}"),
	  .message = "capture must be letters, digits and _" },
	{ .transport = "http", .steps = STEP("http_expect: {when: \"${a} == b\"}"), .message = "http_expect needs a check" },
	{ .transport = "http", .steps = STEP("http_expect: {status: [200, 700]}"),
	  .message = "status '700' must be 100..599" },
	{ .transport = "http",
	  .steps = STEP("http_expect: {status: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, "
			"303, 304, 305, 307]}"),
	  .message = "at most" },
	{ .transport = "http", .steps = STEP("http_expect: {headers: {Server: \"(\"}}"),
	  .message = "bad regular expression" },
	{ .transport = "http", .steps = STEP("http_expect: {body_matches: \"(\", body_not_matches: \"(\"}"),
	  .message = "bad regular expression" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: \"a[\"}]}"), .message = "a[" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: a, type: colour}]}"),
	  .message = "type must be string, number" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: a, unit: mmHg}]}"),
	  .message = "unit, unit_path and name go with min or max" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: a, max: 3, unit: furlong}]}"),
	  .message = "unknown unit 'furlong'" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: a, present: false, equals: x}]}"),
	  .message = "present: false takes no other check" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{path: a, matches: \"(\", capture: 1c}]}"),
	  .message = "capture must be letters, digits and _" },
	{ .transport = "http", .steps = STEP("http_expect: {json: [{equals: x}]}"),
	  .message = "missing required key 'path'" },
	{ .transport = "http", .steps = STEP("http_expect: {fhir: {resource: Patient, capture: 1p}}"),
	  .message = "resource must be Observation or Bundle" },
	{ .transport = "http", .steps = STEP("http_expect: {fhir: {loinc: \"8867-4\"}}"),
	  .message = "missing required key 'resource'" },
	{ .transport = "http", .steps = STEP("http_load: {path: /a, count: 10}"), .message = "http_load needs 'within'" },
	{ .transport = "http", .steps = STEP("http_load: {path: /a, count: 10, concurrency: 99, within: 1 s}"),
	  .message = "concurrency must be between" },
	{ .transport = "http", .steps = STEP("http_load: {url: \"http://x/\", count: 1, within: 1 s}"),
	  .message = "unknown key 'url'" },
	{ .transport = "http", .steps = STEP("http_load: {path: /a, count: 1, within: 1 s, ok_status: [99]}"),
	  .message = "status '99' must be 100..599" },
	{ .transport = "http", .steps = STEP("http_serve: {certificate: forged, host: h, bind: b}"),
	  .message = "certificate must be valid, self_signed, expired or wrong_host" },
	{ .transport = "http", .steps = STEP("http_serve: {certificate: valid, port: 70000}"),
	  .message = "port must be between 0 and 65535" },
	{ .transport = "http", .steps = STEP("http_receive: {expect: request}"),
	  .message = "http_receive needs 'within'" },
	{ .transport = "http", .steps = STEP("http_receive: {within: 1 s, expect: refused, method: POST, path: \"^/\"}"),
	  .message = "method and path go with expect: request" },
	{ .transport = "http", .steps = STEP("http_receive: {within: 1 s, method: BREW, path: \"(\"}"),
	  .message = "unknown method 'BREW'" },
	{ .transport = "http", .steps = STEP("http_receive: {within: 1 s, expect: maybe}"),
	  .message = "expect must be request, none or refused" },
	/* fall detection */
	{ .transport = "ble", .steps = STEP("fall_judge: {session: main, figure: vibes}"),
	  .message = "figure: 'vibes' is none of sensitivity" },
	{ .transport = "ble", .steps = STEP("fall_judge: {session: main, figure: latency, min: 90 %}"),
	  .message = "figure latency takes no min" },
	{ .transport = "ble", .steps = STEP("fall_judge: {session: main, figure: latency}"),
	  .message = "missing required key 'max'" },
	{ .transport = "ble", .steps = STEP("fall_judge: {session: \"a b\", figure: duplicates, max_count: 0}"),
	  .message = "session: a name of letters" },
	{ .transport = "ble", .steps = STEP("fall_judge: {session: m, figure: latency, max: 5 mmHg}"),
	  .message = "max" },
	{ .transport = "ble",
	  .steps = STEP("fall_replay: {session: m, alarm: 8a4e0002, trials: {seed: 1}, compression: 10}"),
	  .message = "alarm: a characteristic UUID" },
	{ .transport = "ble",
	  .steps = STEP("fall_replay: {session: m, alarm: 2A19, trials: {types: [F16]}, compression: 10}"),
	  .message = "'F16' is no SisFall type" },
	{ .transport = "ble",
	  .steps = STEP("fall_replay: {session: m, alarm: 2A19, trials: {csv: no-such.csv}, compression: 10}"),
	  .message = "trials: cannot read" },
	{ .transport = "ble", .steps = STEP("fall_replay: {session: m, alarm: 2A19, trials: {}}"),
	  .message = "missing required key 'compression'" },
	{ .transport = "ble",
	  .steps = STEP("fall_replay: {session: m, alarm: 2A19, trials: {fs: 2 s}, compression: 10}"),
	  .message = "fs" },
	/* web (the browser transport; docs/ageing-friendly.md) */
	{ .transport = "browser", .steps = STEP("web_open: {path: app}"), .message = "path must start with '/'" },
	{ .transport = "browser", .steps = STEP("web_open: {path: /a, url: \"https://x/\"}"),
	  .message = "web_open needs path (under the link's url) or url" },
	{ .transport = "browser", .steps = STEP("web_open: {path: /a, zoom: 200 px}"),
	  .message = "zoom: '200 px' is a length on screen" },
	{ .transport = "browser", .steps = STEP("web_open: {path: /a, viewport: {width: 10}}"),
	  .message = "width must be between 200 and 4000" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: vibes}"), .message = "unknown check 'vibes'" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: text_size}"), .message = "needs 'min'" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: text_size, min: 18 s}"),
	  .message = "min: '18 s' is a time; min is a length on screen in px" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: contrast, min: 4.5 px, large_min: 3, large_text: 24 px, large_bold: 18.66 px}"),
	  .message = "min: '4.5 px'" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: axe}"), .message = "check axe needs 'tags'" },
	{ .transport = "browser", .steps = STEP("web_audit: {check: induced, patterns: [\"(\"]}"),
	  .message = "bad regular expression" },
	{ .transport = "browser", .steps = STEP("web_screenshot: {name: \"../x\"}"),
	  .message = "name must be 1 to 64 of a-z, 0-9, - and _" },
	{ .transport = "browser", .steps = STEP("web_click: {}"), .message = "web_click needs selector or text" },
	{ .transport = "browser", .steps = STEP("web_type: {text: Phone}"), .message = "web_type needs 'value'" },
	{ .transport = "http", .steps = STEP("web_open: {path: /a}"), .message = "web_open steps need a browser link" },
	/* accuracy, instrument, pair, ECG */
	{ .transport = "data", .steps = STEP("accuracy: {method: vibes, data: d}"),
	  .message = "unknown accuracy method 'vibes'" },
	{ .transport = "data", .steps = STEP("accuracy: {method: iso81060-2}"), .message = "missing required key 'data'" },
	{ .transport = "data", .steps = STEP("accuracy: {method: iso81060-2, data: d, unit: furlong}"),
	  .message = "unknown unit 'furlong'" },
	{ .transport = "data", .steps = STEP("accuracy: {method: iso81060-2, data: d, criterion: 3}"),
	  .message = "criterion must be between 1 and 2" },
	{ .transport = "data", .steps = STEP("accuracy: {method: iso81060-2, data: d, limits: {max_sd: 8, "
					      "max_arms: 3}}"),
	  .message = "unknown limit 'max_arms' for iso81060-2" },
	{ .transport = "data", .steps = STEP("accuracy: {method: iso81060-2, data: d, limits: {max_sd: [8]}}"),
	  .message = "max_sd must be a scalar" },
	{ .steps = STEP("instrument: {command: next}"), .message = "missing required key 'id'" },
	{ .steps = STEP("instrument: {id: p, command: next, capture: 1r, args: {\"a b\": 1}}"),
	  .message = "argument names are letters, digits and _" },
	{ .steps = STEP("instrument: {id: p, command: next, within: never}"), .message = "within:" },
	{ .steps = STEP("pair: {data: b, reference: r}"), .message = "missing required key 'device'" },
	{ .steps = STEP("pair: {data: b, reference: r, device: d, unit: furlong, missing: ignore}"),
	  .message = "missing is fail (the default: the case stops) or continue" },
	{ .steps = STEP("ecg_compare: {reference: {ecgsyn: {hr: 72}}}"), .message = "missing required key 'beats'" },
	{ .steps = STEP("ecg_compare: {beats: b, reference: {ecgsyn: [72]}}"), .message = "ecgsyn must be a mapping" },
	{ .steps = STEP("ecg_compare: {beats: b, reference: {ecgsyn: {hr: 72, bpm: 3}}, window: 150 ms}"),
	  .message = "unknown key 'bpm'" },
	{ .steps = STEP("ecg_compare: {beats: b, reference: {mitdb: \"100\"}}"), .message = "unknown key 'mitdb'" },
	{ .steps = STEP("hr_response: {times: t, rates: r, step_at: 20, from: 80, to: 120}"),
	  .message = "missing required key 'max'" },
	{ .steps = STEP("hr_response: {times: 1t, rates: r, step_at: 20, from: 80, to: 120, max: 10, "
			"name: 2n}"),
	  .message = "times and rates are lists" },
	{ .steps = STEP("hr_response: {times: t, rates: r, step_at: \"${limit.nope}\", from: 80, to: 120, max: 10}"),
	  .message = "unknown limit 'nope'" },
	/* positioning */
	{ .steps = STEP("nmea_track: {name: w, route: moon-walk, epochs: 10, rate: 50}"),
	  .message = "route: 'moon-walk' is not a bench route" },
	{ .steps = STEP("nmea_track: {name: w, epochs: 10, rate: 50}"),
	  .message = "needs one of route (a bench route) or csv" },
	{ .steps = STEP("nmea_track: {name: w, route: park-walk, rate: 50}"), .message = "a route needs epochs" },
	{ .steps = STEP("nmea_track: {name: w, route: park-walk, epochs: 10}"),
	  .message = "missing required key 'rate'" },
	{ .steps = STEP("nmea_track: {name: w, route: park-walk, epochs: 10, rate: 50, tail: 5 kPa}"),
	  .message = "tail" },
	{ .steps = STEP("nmea_track: {name: w, csv: nowhere.csv, start: 2026-05-01T08:00:00Z, rate: 1}"),
	  .message = "csv: cannot read" },
	{ .steps = STEP("nmea_track: {name: w, route: park-walk, epochs: 10, rate: 5, fences: [{id: h, lat: 1, lon: 2}]}"),
	  .message = "missing required key 'radius'" },
	{ .steps = STEP("nmea_track: {name: w, route: park-walk, epochs: 10, rate: 5, fences: [{id: h, lat: 1, lon: 2, radius: 3 s}]}"),
	  .message = "radius" },
	{ .steps = STEP("pos_judge: {track: w, figure: ce99, max: 10 m}"),
	  .message = "figure: 'ce99' is not a positioning figure" },
	{ .steps = STEP("pos_judge: {track: w, figure: ce95, min: 10 m}"),
	  .message = "ce95 is judged against a max" },
	{ .steps = STEP("pos_judge: {track: w, figure: ce95, max: 10 s}"), .message = "max" },
	{ .steps = STEP("pos_judge: {track: w, figure: availability, max: 95}"),
	  .message = "availability is judged against a min" },
	{ .steps = STEP("tag_track: {name: w, route: ward-round, epochs: 10, ts: t, x: x, y: y}"),
	  .message = "missing required key 'site'" },
	{ .steps = STEP("tag_track: {name: w, route: ward-round, epochs: 10, ts: t, x: 1x, y: y, site: {lat: 1, lon: 2, rotation: 3}}"),
	  .message = "x names a case list" },
	{ .steps = STEP("tag_track: {name: w, route: ward-round, epochs: 10, ts: t, x: x, y: y, lat: a, lon: b, site: {lat: 1, lon: 2, rotation: 3}}"),
	  .message = "tag_track takes lat and lon, or x, y and site" },
	/* YAML itself */
	{ .steps = STEP("send: {line: A, line: B}"), .message = "duplicate key 'line'" },
	{ .steps = STEP("send: &a {line: A}"), .message = "YAML anchors are not supported" },
	{ .steps = STEP("send: {line: [A}"), .message = "YAML syntax" },
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

static char *suite_text(const struct bad_suite *b)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, "schema: carecert/suite/1\nid: bad\ntitle: A bad suite\n"
		   "category: blood_pressure\ntransport: %s\n",
		b->transport ? b->transport : "serial");
	/* what the default case uses; a row may add more sections */
	if (!b->top || !strstr(b->top, "features:"))
		fprintf(f, "features: {f1: a feature}\n");
	if (!b->top || !strstr(b->top, "limits:"))
		fprintf(f, "limits: {lim: 500 ms}\n");
	if (b->top)
		fputs(b->top, f);
	if (b->cases)
		fputs(b->cases, f);
	else
		fprintf(f, "cases:\n  - id: C-1\n    title: one\n"
			   "    requirement: {standard: S, clause: \"1\"}\n    steps:\n%s",
			b->steps);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static struct suite *load_text(const char *text, struct diag *d, char **dir)
{
	char *path;
	struct suite *s;

	*dir = tu_mkdtemp();
	path = tu_write(*dir, "bad.yaml", text);
	diag_init(d);
	s = suite_load(path, d);
	free(path);
	return s;
}

static bool has_error(const struct diag *d, const char *message)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, message))
			return true;
	diag_print(d, stderr);
	return false;
}

START_TEST(test_bad_suite)
{
	const struct bad_suite *b = &table[_i];
	char *text = suite_text(b), *dir;
	struct diag d;
	struct suite *s = load_text(text, &d, &dir);
	bool found = false;

	ck_assert_msg(!s, "row %d loaded:\n%s", _i, text);
	for (size_t i = 0; i < d.n; i++)
		found |= strstr(d.v[i].msg, b->message) != NULL;
	if (!found)
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "row %d: %u:%u: %s\n", _i, d.v[i].line, d.v[i].col, d.v[i].msg);
	ck_assert_msg(found, "row %d: no error '%s' for:\n%s", _i, b->message, text);
	diag_release(&d);
	free(text);
	tu_rmdir(dir);
}
END_TEST

/* ---- profiles (against the repository's suites) ---- */

struct bad_profile {
	const char *dut;       /* the dut: block, or NULL for a good one */
	const char *transport; /* the transport: block and what goes with it */
	const char *rest;      /* the rest */
	const char *message;
};

#define GOOD_DUT "dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
#define SERIAL "transport: {kind: serial, port: /dev/null, baud: 115200}\n"
#define BP_SUITE "suites: [serial-bp-protocol]\n"

static const struct bad_profile ptable[] = {
	{ .rest = BP_SUITE "colour: blue\n", .message = "unknown key 'colour'" },
	{ .dut = "dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\"}\n", .rest = BP_SUITE,
	  .message = "missing required key 'serial_number'" },
	{ .dut = "dut: {category: toaster, vendor: V, model: M, firmware: \"1\", serial_number: S, "
		 "colour: red}\n",
	  .rest = BP_SUITE, .message = "unknown category 'toaster'" },
	{ .dut = "dut: [V, M]\n", .rest = BP_SUITE, .message = "dut must be a mapping" },
	{ .transport = "transport: {kind: telepathy, port: x}\n", .rest = BP_SUITE,
	  .message = "unknown transport kind 'telepathy'" },
	{ .transport = "transport: {kind: serial, port: /dev/null, baud: fast, parity: odd, colour: x}\n",
	  .rest = BP_SUITE, .message = "unsupported baud rate 'fast'" },
	{ .transport = "transport: {kind: serial, port: /dev/null, colour: x}\n", .rest = BP_SUITE,
	  .message = "unknown key 'colour' for serial transport" },
	{ .transport = "transport: {port: /dev/null}\n", .rest = BP_SUITE, .message = "missing required key 'kind'" },
	{ .transport = "transport: {kind: serial, port: [a, b]}\n", .rest = BP_SUITE, .message = "port must be a scalar" },
	{ .rest = BP_SUITE "simulator: {program: /usr/bin/sim, faults: [a], args: [b]}\n",
	  .message = "program is a simulator name" },
	{ .rest = BP_SUITE "simulator: {faults: [a], args: [b]}\n", .message = "missing required key 'program'" },
	{ .rest = BP_SUITE "simulator: {program: serial-bp, faults: {a: b}}\n",
	  .message = "faults must be a scalar or a sequence" },
	{ .rest = BP_SUITE "features: [time_set, warp_drive]\n", .message = "feature 'warp_drive' is not declared" },
	{ .rest = BP_SUITE "features: {a: b}\n", .message = "features must be a scalar or a sequence" },
	{ .rest = BP_SUITE "limits: {no_such_limit: 5 ms}\n", .message = "unknown limit 'no_such_limit'" },
	{ .rest = BP_SUITE "limits: {response_time: 5 parsecs, id_timeout: [1, x]}\n", .message = "limit response_time:" },
	{ .rest = BP_SUITE "output: {dir: out, junit: j.xml, colour: x}\n", .message = "unknown key 'colour'" },
	{ .rest = BP_SUITE "output: [out]\n", .message = "output must be a mapping" },
	{ .rest = BP_SUITE "output: {junit: j.xml, junit_dialect: xunit}\n",
	  .message = "unknown JUnit dialect 'xunit' (known: ant, jenkins, gitlab, surefire)" },
	{ .rest = BP_SUITE "lab: {address: nowhere, accreditation: none}\n", .message = "missing required key 'name'" },
	{ .rest = BP_SUITE "lab: {name: L, phone: 1}\n", .message = "unknown key 'phone'" },
	{ .rest = "suites: [no-such-suite]\n", .message = "unknown suite 'no-such-suite'" },
	{ .rest = "suites: [../suites/serial-bp-protocol]\n", .message = "must be a name from the suites directory" },
	{ .rest = "suites: [serial-bp-protocol, serial-bp-protocol]\n", .message = "listed twice" },
	{ .rest = "suites: []\n", .message = "suites must name at least one suite" },
	{ .rest = "suites: [ble-bp]\n", .message = "suite 'ble-bp' needs transport ble" },
	{ .rest = BP_SUITE "accuracy_data: {study: no-such-file.csv, other: {reference: r}}\n",
	  .message = "cannot read accuracy data" },
	{ .rest = BP_SUITE "accuracy_data: {study: {file: no-such.csv, calibration_due: soon, colour: x}}\n",
	  .message = "calibration_due must be a date YYYY-MM-DD" },
	{ .rest = BP_SUITE "accuracy_data: [x]\n", .message = "accuracy_data must be a mapping" },
	{ .rest = BP_SUITE "instruments:\n  - {id: p, port: sim, driver: no-such-driver.yaml, model: m, "
		  "serial_number: s, calibration_due: 2099-12-31}\n",
	  .message = "cannot read instrument driver" },
	{ .rest = BP_SUITE "instruments:\n  - {id: p, port: sim, driver: ../hw/instruments/nibp-simulator.yaml, "
		  "baud: \"9600\", calibration_due: someday, simulator: {program: patient, args: [x]}}\n"
		  "  - {id: p, port: sim, driver: ../hw/instruments/nibp-simulator.yaml}\n",
	  .message = "instrument 'p' is listed twice" },
	{ .rest = BP_SUITE "instruments:\n  - {port: sim, colour: x, simulator: {args: [x]}}\n",
	  .message = "missing required key 'id'" },
	{ .rest = BP_SUITE "instruments:\n  - {id: p, port: sim, driver: ../hw/instruments/nibp-simulator.yaml, "
		  "calibration_due: 2099-13-45}\n",
	  .message = "calibration_due must be a date YYYY-MM-DD" },
	{ .rest = BP_SUITE "instruments: [p]\n", .message = "an instrument must be a mapping" },
	{ .rest = BP_SUITE "links: {gw: {transport: {kind: http, url: ftp://x, password: p}, "
		  "simulator: {program: http-gw}}}\n",
	  .message = "url must be an http:// or https:// URL" },
	{ .rest = BP_SUITE "links: {gw: {simulator: {program: http-gw}, colour: x}}\n",
	  .message = "missing required key 'transport'" },
	{ .rest = BP_SUITE "links: {gw: [x]}\n", .message = "a link must be a mapping" },
	{ .rest = "suites: [ble-bp-gateway]\n", .transport = "transport: {kind: ble, address: sim}\n",
	  .message = "needs link 'gateway'" },
	{ .rest = "suites: [ble-bp-gateway]\nlinks: {gateway: {transport: {kind: serial, port: /dev/null}}}\n",
	  .transport = "transport: {kind: ble, address: sim}\n", .message = "link 'gateway' is serial" },
};

#define NPTABLE (sizeof(ptable) / sizeof(ptable[0]))

START_TEST(test_bad_profile)
{
	const struct bad_profile *b = &ptable[_i];
	char *text = NULL, *dir = tu_mkdtemp(), *path, suites[4200];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct diag d;
	struct profile *p;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "schema: carecert/profile/1\n%s%s%s", b->dut ? b->dut : GOOD_DUT,
		b->transport ? b->transport : SERIAL, b->rest);
	ck_assert_int_eq(fclose(f), 0);
	/* beside the repository's hw/ so that ../hw/instruments/ resolves */
	path = tu_write(dir, "profiles/bad.yaml", text);
	{
		char cmd[8600];

		snprintf(cmd, sizeof(cmd), "ln -s '%s/hw' '%s/hw'", tu_top(), dir);
		ck_assert_int_eq(system(cmd), 0);
	}
	snprintf(suites, sizeof(suites), "%s/suites", tu_top());
	diag_init(&d);
	p = profile_load(path, suites, &d);
	ck_assert_msg(!p, "row %d loaded:\n%s", _i, text);
	ck_assert_msg(has_error(&d, b->message), "row %d: no error '%s' for:\n%s", _i, b->message, text);
	diag_release(&d);
	free(path);
	free(text);
	tu_rmdir(dir);
}
END_TEST

/* The good form of each row's pieces loads: the table's errors are the
 * rows' own, not the frame around them. */
START_TEST(test_frame_loads)
{
	static const struct bad_suite good = { .steps = STEP("delay: 1 ms") };
	char *text = suite_text(&good), *dir;
	struct diag d;
	struct suite *s = load_text(text, &d, &dir);

	if (!s)
		diag_print(&d, stderr);
	ck_assert_ptr_nonnull(s);
	suite_free(s);
	diag_release(&d);
	free(text);
	tu_rmdir(dir);
}
END_TEST

/* Lookups by name in a suite of many cases, features, limits and
 * requirements (hashed): every one found, nothing else, the first of a
 * duplicate id named. */
START_TEST(test_many_names)
{
	const int n = 3000;
	char *text = NULL, *dir, id[64], clause[32];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct diag d;
	struct suite *s;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "schema: carecert/suite/1\nid: many\ntitle: Many\ncategory: blood_pressure\n"
		   "transport: serial\nfeatures:\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "  f%d: feature %d\n", i, i);
	fprintf(f, "limits:\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "  l%d: %d ms\n", i, i);
	fprintf(f, "requirements:\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "  - {standard: S, clause: \"%d.%d\", title: t%d}\n", i / 10, i % 10, i);
	fprintf(f, "cases:\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "  - id: C-%05d\n    title: c\n    requirement: {standard: S, clause: \"%d.%d\"}\n"
			   "    requires: [f%d]\n    steps: [{assert: {value: \"1\", max: \"${limit.l%d}\"}}]\n",
			i, i / 10, i % 10, n - 1 - i, i);
	ck_assert_int_eq(fclose(f), 0);
	s = load_text(text, &d, &dir);
	if (!s)
		diag_print(&d, stderr);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->ncases, (size_t)n);
	for (int i = 0; i < n; i++) {
		const struct requirement *r;

		snprintf(id, sizeof(id), "C-%05d", i);
		ck_assert_ptr_eq(suite_find_case(s, id), &s->cases[i]);
		snprintf(id, sizeof(id), "f%d", i);
		ck_assert_ptr_eq(suite_find_feature(s, id), &s->features[i]);
		snprintf(id, sizeof(id), "l%d", i);
		ck_assert_ptr_eq(suite_find_limit(s, id), &s->limits[i]);
		snprintf(clause, sizeof(clause), "%d.%d", i / 10, i % 10);
		r = suite_find_requirement(s, "S", clause);
		ck_assert_ptr_eq(r, &s->catalogue[i]);
		ck_assert_ptr_null(suite_find_requirement(s, "T", clause));
	}
	ck_assert_ptr_null(suite_find_case(s, "C-99999"));
	ck_assert_ptr_null(suite_find_feature(s, "f-1"));
	ck_assert_ptr_null(suite_find_limit(s, "l"));
	suite_free(s);
	diag_release(&d);
	tu_rmdir(dir);

	/* a duplicate id far apart; then a duplicate key in a mapping past
	 * the size where keys are hashed (the YAML is refused before that) */
	memcpy(strstr(text, "C-02999"), "C-00007", 7);
	s = load_text(text, &d, &dir);
	ck_assert_ptr_null(s);
	ck_assert_msg(has_error(&d, "duplicate case id 'C-00007' (first at line"), "no duplicate id");
	diag_release(&d);
	tu_rmdir(dir);
	memcpy(strstr(text, "  l2999: "), "  l1999: ", 9);
	memcpy(strstr(text, "${limit.l2999}"), "${limit.l1999}", 14);
	s = load_text(text, &d, &dir);
	ck_assert_ptr_null(s);
	ck_assert_msg(has_error(&d, "duplicate key 'l1999' (first at line"), "no duplicate key");
	diag_release(&d);
	tu_rmdir(dir);
	free(text);
}
END_TEST

Suite *suite_suite_errors(void)
{
	Suite *s = suite_create("suite-errors");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_bad_suite, 0, (int)NTABLE);
	tcase_add_test(tc, test_frame_loads);
	tcase_add_loop_test(tc, test_bad_profile, 0, (int)NPTABLE);
	tcase_add_test(tc, test_many_names);
	suite_add_tcase(s, tc);
	return s;
}
