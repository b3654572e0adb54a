/* net-test.h: a virtio network card on a socketpair backend, for the virtio-net tests; the
 * test holds the other end of the socketpair, as the host network would. */
#pragma once

#include "hv/dev/virtio-net.h"
#include "vq-test.h"

#define RXQ PVM_VIRTIO_NET_RXQ
#define TXQ PVM_VIRTIO_NET_TXQ
#define HDR PVM_VIRTIO_NET_HDR_SIZE
#define QUEUE 64
#define RX_BUF_LEN (HDR + 1518)

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint64_t base_features = VT_F_VERSION_1 | (1ull << PVM_VIRTIO_NET_F_MAC) |
                                      (1ull << PVM_VIRTIO_NET_F_STATUS);

/* ---- a network backend on one end of a datagram socketpair ---- */

typedef struct {
  PvmNetBackend backend;
  int fd;
  GSource *watch; /* while the peer has room */
  unsigned holds; /* times the peer said it had no room */
  unsigned resumes;
  GMutex lock;   /* the backend's, in the fixture that lets the notifying thread send */
  bool echo;     /* sending delivers the frame straight back, as libslirp answers an ACK */
} SockBackend;

/* Fixture data: what the backend offers. */
enum { LOCKED = 1, LARGE_SEGMENTS = 2 };

typedef struct {
  VqTest d;
  SockBackend *sb; /* owned by the card */
  int host;        /* the test's end */
  PvmVirtioNet *net;
} Fixture;

/* Builds a card on a socketpair backend; @data holds LOCKED and LARGE_SEGMENTS bits. */
void fixture_set_up (Fixture *f, gconstpointer data);

/* Frees the card, its machine and the test's end of the socketpair. */
void fixture_tear_down (Fixture *f, gconstpointer data);

/* Fills @frame with the bytes of frame @seed. */
void fill_frame (uint8_t *frame, size_t len, unsigned seed);

/* Sends @len bytes of frame @seed from the host side, iterating the context while the socket
 * is full; asserts it goes within 5 seconds. */
void host_send (Fixture *f, size_t len, unsigned seed);

/* Receives the next frame on the host side (iterating the context for at most 5 s); returns
 * its length, or -1 if none came. */
ssize_t host_recv (Fixture *f, uint8_t *buf, size_t size, unsigned timeout_ms);

/* Asserts that guest buffer @buf holds the 12-byte header and frame @seed of @len bytes. */
void assert_received (Fixture *f, unsigned buf, size_t len, unsigned seed);

/* Writes a transmit header (all zero) and frame @seed of @len bytes into buffer @buf. */
void write_tx (Fixture *f, unsigned buf, size_t len, unsigned seed);

/* Asserts that the host end receives frame @seed of @len bytes within 5 s. */
void assert_host_gets (Fixture *f, size_t len, unsigned seed);

/* Asserts that nothing reaches the host end within 50 ms. */
void assert_host_gets_nothing (Fixture *f);

/* Posts @n receive buffers (descriptors and buffers @first ..) of @len bytes and notifies. */
void post_rx (Fixture *f, unsigned first, unsigned n, uint32_t len);

/* Asserts used ring entry @i of queue @q: chain @id, @len bytes written. */
void assert_used (Fixture *f, unsigned q, uint16_t i, uint32_t id, uint32_t len);
