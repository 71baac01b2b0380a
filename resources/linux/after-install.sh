#!/bin/sh
# deb post-install: put the config sample and the kiosk session files where KIOSK-LINUX.md expects
# them. It enables nothing by itself: turning a machine into a kiosk is the administrator's call.
set -e
install -d -m 0755 /etc/shopfloor-terminal /usr/share/shopfloor-terminal
APP_DIR="/opt/Shopfloor Terminal/resources"
[ -f "$APP_DIR/config.sample.json" ] && install -m 0644 "$APP_DIR/config.sample.json" /usr/share/shopfloor-terminal/config.sample.json
[ -d "$APP_DIR/linux" ] && cp -r "$APP_DIR/linux/." /usr/share/shopfloor-terminal/
# Keep an existing config; never overwrite the plant's settings on upgrade.
if [ ! -f /etc/shopfloor-terminal/config.json ] && [ -f /usr/share/shopfloor-terminal/config.sample.json ]; then
  install -m 0640 /usr/share/shopfloor-terminal/config.sample.json /etc/shopfloor-terminal/config.json
fi
exit 0
