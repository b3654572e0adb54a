/* http-test.h: a one-request HTTP server and an HTTP GET on the host, optionally in a network
 * namespace, for the tests whose guests reach the host or are reached from it. */
#pragma once

#include <glib.h>
#include <stdint.h>

typedef struct PvmTestHttp PvmTestHttp;

/* Serves @body (a reference is taken) to the first GET on @addr, on a thread that enters the
 * network namespace @netns (a name from `ip netns add`) first, or stays in the test's if
 * NULL. Returns once it listens; pvm_test_http_get_port() says where. */
PvmTestHttp *pvm_test_http_serve (const char *netns, const char *addr, GBytes *body);

/* Returns the TCP port the server listens on. */
uint16_t pvm_test_http_get_port (PvmTestHttp *http);

/* Waits (at most 2 minutes) for the server to answer its request, frees it, and returns
 * whether it served @body. */
gboolean pvm_test_http_finish (PvmTestHttp *http);

/* Fetches http://@addr:@port@path from the test's network namespace; returns the body of a 200
 * answer, or NULL (no connection, no answer within 2 minutes, another status). Blocks. */
GBytes *pvm_test_http_fetch (const char *addr, uint16_t port, const char *path);

/* Returns @size bytes of a fixed pseudo-random pattern. */
GBytes *pvm_test_http_blob (gsize size);
