#!/bin/sh
# Run by `meson install` (not for a DESTDIR, where a package's own scripts do it): creates the
# user of pvm's sysusers.d file ($1) with systemd-sysusers, so that pvmd --system runs each
# pvm-vmm as that user rather than as nobody. Without root or systemd-sysusers it says what to
# do instead.
set -eu

conf=$(realpath "$1")
if [ "$(id -u)" != 0 ]; then
  echo "pvm: not creating the user pvm as a user: run 'systemd-sysusers $conf' as root" >&2
  exit 0
fi
if ! command -v systemd-sysusers >/dev/null 2>&1; then
  echo "pvm: systemd-sysusers is missing: create the system user pvm that $conf describes" >&2
  exit 0
fi
systemd-sysusers "$conf"
